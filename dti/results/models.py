"""Results frozen when a campaign is finalised: what was decided, kept as it was decided."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

POINTS = {"max_digits": 8, "decimal_places": 2}


class Result(models.Model):
    """The final result of one assessment, self-assessed and appraised side by side.

    ``indicators`` holds, per indicator code, the self and final points, max, status and the
    appraisal reason; ``groups`` per group code the self and final points and max.
    """

    assessment = models.OneToOneField(
        "assessments.Assessment", on_delete=models.CASCADE, related_name="result"
    )
    self_points = models.DecimalField(**POINTS)
    self_max_points = models.DecimalField(**POINTS)
    self_dti_value = models.DecimalField(max_digits=6, decimal_places=4)
    points = models.DecimalField(_("points"), **POINTS)
    max_points = models.DecimalField(_("max points"), **POINTS)
    dti_value = models.DecimalField(_("DTI value"), max_digits=6, decimal_places=4)
    rank = models.PositiveIntegerField(_("rank"))
    group_ranks = models.JSONField(default=dict, help_text="Rank within the tier per group.")
    # How the rank holds when the group weights change (dti.scoring.sensitivity).
    rank_low = models.PositiveIntegerField(null=True, blank=True)
    rank_high = models.PositiveIntegerField(null=True, blank=True)
    leave_one_out_low = models.PositiveIntegerField(null=True, blank=True)
    leave_one_out_high = models.PositiveIntegerField(null=True, blank=True)
    rank_robust = models.BooleanField(null=True, blank=True)
    groups = models.JSONField(default=dict)
    indicators = models.JSONField(default=dict)
    frozen_at = models.DateTimeField()

    class Meta:
        ordering = ["assessment__campaign", "assessment__agency__tier", "rank"]
        verbose_name = _("result")
        verbose_name_plural = _("results")

    def __str__(self) -> str:
        return f"{self.assessment.agency}: {self.dti_value}"

    @property
    def owner_agency_id(self) -> int:
        return self.assessment.agency_id


# --- Uses of the results: PAR Index conversion and award proposals (dti/results/outcomes.py) ---


class ParMethod(models.TextChoices):
    PROPORTIONAL = "proportional", _("Proportional: component maximum × DTI value")
    RANK_BANDS = "rank_bands", _("Rank bands: points by rank within the tier")


class ParIndexRule(models.Model):
    """How a campaign's DTI results become points of the PAR Index component on digital
    transformation ("Chỉ số cải cách hành chính"), which the Department of Home Affairs scores.

    ``bands`` (used by ``rank_bands``) is a list such as
    ``[{"max_rank": 3, "points": 3}, {"max_rank": 10, "points": 2.5}, {"otherwise": 1}]``,
    checked by ``outcomes.check_bands``.
    """

    campaign = models.OneToOneField(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="par_rule"
    )
    component_name = models.CharField(_("PAR Index component"), max_length=255)
    method = models.CharField(_("method"), max_length=16, choices=ParMethod.choices)
    component_max = models.DecimalField(_("component maximum"), max_digits=6, decimal_places=2)
    bands = models.JSONField(_("rank bands"), default=list, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("PAR Index rule")
        verbose_name_plural = _("PAR Index rules")

    def __str__(self) -> str:
        return f"{self.campaign}: {self.component_name}"


class AwardRule(models.Model):
    """Which agencies a campaign's results propose for an award ("khen thưởng").

    The conditions combine: agencies with a DTI value of at least ``min_dti_value`` (when set)
    and, with ``no_zero_indicator``, no applicable indicator at 0 points; of those, the best
    ``top_n`` of each tier (when set; ties at the last place are all proposed).
    """

    campaign = models.OneToOneField(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="award_rule"
    )
    top_n = models.PositiveIntegerField(_("agencies per tier"), null=True, blank=True)
    min_dti_value = models.DecimalField(
        _("minimum DTI value"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    no_zero_indicator = models.BooleanField(_("no indicator at 0 points"), default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("award rule")
        verbose_name_plural = _("award rules")

    def __str__(self) -> str:
        return f"{self.campaign}: {self.pk}"
