"""Appraisal: who appraises which indicator, the appraisal of each response per round, the
agencies' explanations and the council's opinions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

POINTS = {"max_digits": 8, "decimal_places": 2, "null": True, "blank": True}


class Assignment(models.Model):
    """An appraising department appraises one indicator of a framework (for every agency)."""

    framework = models.ForeignKey(
        "frameworks.Framework", on_delete=models.CASCADE, related_name="assignments"
    )
    indicator = models.ForeignKey(
        "frameworks.Indicator", on_delete=models.CASCADE, related_name="assignments"
    )
    department = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="assignments"
    )

    class Meta:
        ordering = ["indicator__order", "department__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "department"], name="one_assignment_per_department"
            ),
        ]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self) -> str:
        return f"{self.indicator.code} → {self.department.code}"


class Round(models.IntegerChoices):
    FIRST = 1, _("Round 1")
    SECOND = 2, _("Round 2")


class Decision(models.TextChoices):
    PENDING = "pending", _("Not yet appraised")
    ACCEPTED = "accepted", _("Accepted")
    ADJUSTED = "adjusted", _("Adjusted")


class Appraisal(models.Model):
    """The appraisal of one response in one round: accept the self-assessment, or adjust its
    inputs (or, for manual rules, its points) with a reason. ``version`` guards against lost
    updates: every change must name the version it started from."""

    assessment = models.ForeignKey(
        "assessments.Assessment", on_delete=models.CASCADE, related_name="appraisals"
    )
    response = models.ForeignKey(
        "assessments.Response", on_delete=models.CASCADE, related_name="appraisals"
    )
    # The assessment's campaign and the response's indicator, copied (neither ever changes):
    # a department's queue of a campaign is then counted from one index, without joining the
    # 160,000 responses and 3,500 assessments of a country-wide campaign.
    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(
        "frameworks.Indicator", on_delete=models.PROTECT, related_name="+"
    )
    round = models.PositiveSmallIntegerField(_("round"), choices=Round.choices)
    decision = models.CharField(
        _("decision"), max_length=16, choices=Decision.choices, default=Decision.PENDING
    )
    values = models.JSONField(_("appraised values"), default=dict, blank=True)
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    status = models.CharField(_("status"), max_length=16, blank=True)
    points = models.DecimalField(_("appraised points"), **POINTS)
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["assessment", "response__indicator__order", "round"]
        constraints = [
            models.UniqueConstraint(fields=["response", "round"], name="one_appraisal_per_round"),
        ]
        indexes = [
            models.Index(fields=["assessment", "round", "decision"]),
            models.Index(
                fields=["campaign", "round", "indicator", "decision"], name="appraisal_queue"
            ),
        ]
        verbose_name = _("appraisal")
        verbose_name_plural = _("appraisals")

    def __str__(self) -> str:
        return f"{self.response.indicator.code} — {self.assessment} — {self.get_round_display()}"

    @property
    def owner_agency_id(self) -> int:
        return self.assessment.agency_id


class AppraisalVersion(models.Model):
    """One change of an appraisal: who, when, before, after and why. Never edited."""

    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    before = models.JSONField()
    after = models.JSONField()
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["appraisal", "version"]
        constraints = [
            models.UniqueConstraint(fields=["appraisal", "version"], name="one_record_per_version"),
        ]

    def __str__(self) -> str:
        return f"{self.appraisal} v{self.version}"


class ExplanationQuerySet(models.QuerySet):
    def signed_off(self) -> ExplanationQuerySet:
        """The explanations the agency's leader signed off. Until then they are the agency's
        draft: nobody else reads them (appraisers, working group, round 2, council)."""
        return self.filter(assessment__explanation_submitted_at__isnull=False)


class Explanation(models.Model):
    """The agency's answer to an adjusted indicator after round 1 ("giải trình, bổ sung")."""

    assessment = models.ForeignKey(
        "assessments.Assessment", on_delete=models.CASCADE, related_name="explanations"
    )
    response = models.OneToOneField(
        "assessments.Response", on_delete=models.CASCADE, related_name="explanation"
    )
    text = models.TextField(_("explanation"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ExplanationQuerySet.as_manager()

    class Meta:
        ordering = ["assessment", "response__indicator__order"]
        verbose_name = _("explanation")
        verbose_name_plural = _("explanations")

    def __str__(self) -> str:
        return f"{self.response}: {self.text[:60]}"

    @property
    def owner_agency_id(self) -> int:
        return self.assessment.agency_id


class Verdict(models.TextChoices):
    AGREE = "agree", _("Agree")
    AGREE_WITH_COMMENTS = "agree_with_comments", _("Agree with comments")
    DISAGREE = "disagree", _("Disagree")


class CouncilOpinion(models.Model):
    """A council member's written opinion on the consolidated results ("phiếu xin ý kiến").

    A member gives one opinion per consultation: the first, and one after each reopening (the
    results were corrected, so the council is asked again). Earlier opinions are kept for the
    record; only those of the latest consultation count."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="council_opinions"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="council_opinions"
    )
    # The reopening after which the opinion was given; empty: before any reopening.
    reopening = models.ForeignKey(
        "campaigns.Reopening",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="council_opinions",
    )
    verdict = models.CharField(_("opinion"), max_length=32, choices=Verdict.choices)
    comments = models.TextField(_("comments or reasons"), blank=True)
    submitted_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["campaign", "submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "member", "reopening"],
                name="one_opinion_per_member_and_reopening",
            ),
            # NULLs are distinct in a unique index: the first consultation needs its own.
            models.UniqueConstraint(
                fields=["campaign", "member"],
                condition=models.Q(reopening__isnull=True),
                name="one_opinion_per_member_before_reopening",
            ),
        ]
        verbose_name = _("council opinion")
        verbose_name_plural = _("council opinions")

    def __str__(self) -> str:
        return f"{self.member}: {self.get_verdict_display()}"
