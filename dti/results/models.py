"""Results frozen when a campaign is finalised: what was decided, kept as it was decided."""

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
