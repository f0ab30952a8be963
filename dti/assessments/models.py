"""An agency's assessment in a campaign: one response per applicable indicator, and evidence."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

POINTS = {"max_digits": 8, "decimal_places": 2, "null": True, "blank": True}


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPRAISED_1 = "appraised_1", _("Appraised (round 1)")
    EXPLAINED = "explained", _("Explanation filed")
    NO_EXPLANATION = "no_explanation", _("No explanation")
    APPRAISED_2 = "appraised_2", _("Appraised (round 2)")
    FINAL = "final", _("Final")


class Assessment(models.Model):
    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="assessments"
    )
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="assessments"
    )
    framework = models.ForeignKey(
        "frameworks.Framework", on_delete=models.PROTECT, related_name="assessments"
    )
    agency_flags = models.JSONField(
        default=list,
        blank=True,
        help_text="The agency's flags when the campaign was created; decide applicability.",
    )
    status = models.CharField(
        _("status"), max_length=32, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    marked_ready_at = models.DateTimeField(_("marked ready at"), null=True, blank=True)
    marked_ready_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    explanation_submitted_at = models.DateTimeField(
        _("explanations submitted at"), null=True, blank=True
    )
    explanation_submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Self-assessed totals, kept up to date on every save for dashboards and rankings.
    self_points = models.DecimalField(**POINTS)
    self_max_points = models.DecimalField(**POINTS)
    self_dti_value = models.DecimalField(max_digits=6, decimal_places=4, null=True, blank=True)
    answered_count = models.PositiveIntegerField(default=0)
    applicable_count = models.PositiveIntegerField(default=0)
    # Appraised totals so far (the decided appraisals, self values elsewhere), kept up to date
    # by every appraisal decision for the consolidation and council pages.
    appraised_points = models.DecimalField(**POINTS)
    appraised_max_points = models.DecimalField(**POINTS)
    appraised_dti_value = models.DecimalField(max_digits=6, decimal_places=4, null=True, blank=True)
    adjusted_count = models.PositiveIntegerField(default=0)
    pending_count = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["campaign", "agency__tier", "agency__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "agency"], name="one_assessment_per_agency"
            ),
        ]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.agency} — {self.campaign}"

    @property
    def flag_set(self) -> frozenset[str]:
        return frozenset(self.agency_flags or [])


class ResponseStatus(models.TextChoices):
    UNANSWERED = "unanswered", _("Not answered")
    SCORED = "scored", _("Answered")
    INVALID = "invalid", _("Invalid input")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class Response(models.Model):
    """What the agency entered for one indicator: raw values as typed, and their points."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="responses")
    indicator = models.ForeignKey(
        "frameworks.Indicator", on_delete=models.PROTECT, related_name="responses"
    )
    values = models.JSONField(_("values"), default=dict, blank=True)
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ResponseStatus.choices,
        default=ResponseStatus.UNANSWERED,
    )
    points = models.DecimalField(_("points"), **POINTS)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Provenance of the values: "" for the web form, "excel" for an uploaded workbook,
    # "api:<client name> — <source>" for the JSON API (with the time the values were measured).
    source = models.CharField(_("source"), max_length=255, blank=True)
    measured_at = models.DateTimeField(_("measured at"), null=True, blank=True)

    class Meta:
        ordering = ["assessment", "indicator__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator"], name="one_response_per_indicator"
            ),
        ]
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return f"{self.indicator.code} — {self.assessment}"

    @property
    def owner_agency_id(self) -> int:
        return self.assessment.agency_id


class StoredFile(models.Model):
    """File content, stored once per SHA-256 whatever the number of evidence items using it."""

    sha256 = models.CharField(max_length=64, unique=True)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=128)
    storage_name = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.sha256


class EvidenceStage(models.TextChoices):
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
    EXPLANATION = "explanation", _("Explanation")


class EvidenceKind(models.TextChoices):
    FILE = "file", _("File")
    LINK = "link", _("Link")


class Evidence(models.Model):
    """A file or a link supporting a response ("tài liệu kiểm chứng")."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    response = models.ForeignKey(
        Response, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=EvidenceKind.choices)
    stage = models.CharField(
        _("stage"),
        max_length=16,
        choices=EvidenceStage.choices,
        default=EvidenceStage.SELF_ASSESSMENT,
    )
    stored_file = models.ForeignKey(
        StoredFile, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    url = models.URLField(_("link"), max_length=2000, blank=True)
    title = models.CharField(_("title"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.title or self.original_name or self.url

    @property
    def owner_agency_id(self) -> int:
        return self.assessment.agency_id
