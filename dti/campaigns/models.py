"""A yearly campaign: frameworks per tier, participating agencies, phases with deadlines."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    PREPARATION = "preparation", _("Preparation")
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
    APPRAISAL_1 = "appraisal_1", _("Appraisal, round 1")
    RESULTS_SENT = "results_sent", _("Round-1 results sent")
    EXPLANATION = "explanation", _("Explanation")
    APPRAISAL_2 = "appraisal_2", _("Appraisal, round 2")
    COUNCIL = "council", _("Council opinions")
    FINALIZED = "finalized", _("Finalised")
    PUBLISHED = "published", _("Published")


PHASE_ORDER = list(Phase.values)


def next_phase(phase: str) -> str | None:
    index = PHASE_ORDER.index(phase)
    return PHASE_ORDER[index + 1] if index + 1 < len(PHASE_ORDER) else None


class Campaign(models.Model):
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=500)
    plan_reference = models.CharField(_("plan reference"), max_length=255, blank=True)
    phase = models.CharField(
        _("phase"), max_length=32, choices=Phase.choices, default=Phase.PREPARATION
    )
    frameworks = models.ManyToManyField(
        "frameworks.Framework", through="CampaignFramework", verbose_name=_("frameworks")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.title

    def deadline_of(self, phase: str):
        deadline = next((item for item in self.deadlines.all() if item.phase == phase), None)
        return deadline.due_at if deadline else None


class CampaignFramework(models.Model):
    """The framework a campaign uses for one tier (one per tier)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE)
    framework = models.ForeignKey("frameworks.Framework", on_delete=models.PROTECT)
    tier = models.CharField(max_length=16)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "tier"], name="one_framework_per_tier"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign}: {self.framework}"


class PhaseDeadline(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="deadlines")
    phase = models.CharField(_("phase"), max_length=32, choices=Phase.choices)
    due_at = models.DateTimeField(_("deadline"))

    class Meta:
        ordering = ["due_at"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "phase"], name="one_deadline_per_phase"),
        ]

    def __str__(self) -> str:
        return f"{self.get_phase_display()}: {timezone.localtime(self.due_at):%d/%m/%Y %H:%M}"


class PhaseTransition(models.Model):
    """Every phase move of a campaign, by whom and when (also in the audit trail)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="transitions")
    from_phase = models.CharField(max_length=32, choices=Phase.choices)
    to_phase = models.CharField(max_length=32, choices=Phase.choices)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    moved_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["moved_at", "id"]

    def __str__(self) -> str:
        return f"{self.campaign}: {self.from_phase} → {self.to_phase}"


class Extension(models.Model):
    """The coordinator lets one agency keep working on its assessment past a phase's deadline."""

    assessment = models.ForeignKey(
        "assessments.Assessment", on_delete=models.CASCADE, related_name="extensions"
    )
    phase = models.CharField(_("phase"), max_length=32, choices=Phase.choices)
    until = models.DateTimeField(_("until"))
    reason = models.TextField(_("reason"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-granted_at"]
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")

    def __str__(self) -> str:
        return f"{self.assessment.agency} → {timezone.localtime(self.until):%d/%m/%Y %H:%M}"


class ReminderLog(models.Model):
    """A reminder e-mail sent about one assessment on one day.

    The unique (assessment, sent_on) pair is what makes ``send_reminders`` safe to run from cron:
    a second run on the same day finds the row and sends nothing.
    """

    assessment = models.ForeignKey(
        "assessments.Assessment", on_delete=models.CASCADE, related_name="reminder_logs"
    )
    sent_on = models.DateField(_("sent on"))
    recipients_count = models.PositiveIntegerField(_("number of recipients"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "sent_on"], name="one_reminder_per_assessment_per_day"
            ),
        ]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")

    def __str__(self) -> str:
        return f"{self.assessment} — {self.sent_on:%d/%m/%Y}"


class Reopening(models.Model):
    """The coordinator reopened a finalised campaign to correct a result; shown with it."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="reopenings")
    from_phase = models.CharField(max_length=32, choices=Phase.choices)
    reason = models.TextField(_("reason"))
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reopened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reopened_at", "id"]
        verbose_name = _("reopening")
        verbose_name_plural = _("reopenings")

    def __str__(self) -> str:
        return f"{self.campaign}: {self.reason[:60]}"
