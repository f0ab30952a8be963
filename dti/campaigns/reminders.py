"""Reminder e-mails to agencies whose self-assessment is still in draft.

Run daily from cron through ``manage.py send_reminders``. Each assessment gets at most one
reminder a day: the ``ReminderLog`` row written with the e-mail has a unique (assessment, day)
pair, so a second run the same day — or two runs at once — sends nothing more. A reminder whose
e-mail fails (a refused address, an unreachable mail server) is logged and audited but not
recorded as sent, so the next run tries it again; the others of the run still go out.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from dti.agencies.models import Role, User
from dti.assessments.models import Assessment, AssessmentStatus
from dti.audit.services import record

from .dashboard import missing_evidence_counts, self_assessment_closes_at
from .models import Campaign, Phase, ReminderLog

logger = logging.getLogger(__name__)

DEFAULT_SITE_URL = "http://127.0.0.1:8000"
RECIPIENT_ROLES = (Role.AGENCY_STAFF, Role.AGENCY_LEADER)

# Why a draft assessment got no reminder.
NO_EMAIL = "no_email"
ALREADY_SENT = "already_sent"


@dataclass
class Reminder:
    """What one reminder says, and to whom."""

    assessment: Assessment
    recipients: list[str]
    closes_at: datetime.datetime | None
    unanswered: int
    missing_evidence: int
    link: str

    @property
    def agency(self):
        return self.assessment.agency

    @property
    def deadline_passed(self) -> bool:
        return self.closes_at is not None and timezone.now() > self.closes_at


@dataclass
class Skipped:
    assessment: Assessment
    reason: str  # NO_EMAIL or ALREADY_SENT


@dataclass
class Failed:
    reminder: Reminder
    error: str  # what the mail server or the connection said

    @property
    def assessment(self) -> Assessment:
        return self.reminder.assessment


@dataclass
class ReminderRun:
    sent: list[Reminder] = field(default_factory=list)  # or, in a dry run, would be sent
    skipped: list[Skipped] = field(default_factory=list)
    failed: list[Failed] = field(default_factory=list)  # not logged: the next run tries again


def site_url() -> str:
    """The address of the platform as users reach it, for links in e-mails."""
    return getattr(settings, "SITE_URL", DEFAULT_SITE_URL).rstrip("/")


def campaigns_to_remind(campaign_id: int | None = None):
    campaigns = Campaign.objects.filter(phase=Phase.SELF_ASSESSMENT).prefetch_related("deadlines")
    if campaign_id is not None:
        campaigns = campaigns.filter(pk=campaign_id)
    return campaigns.order_by("pk")


def draft_assessments(campaign: Campaign):
    """The campaign's drafts with, on each agency, the users a reminder goes to."""
    recipients = (
        User.objects.filter(is_active=True, role__in=RECIPIENT_ROLES)
        .exclude(email="")
        .order_by("pk")
    )
    return (
        campaign.assessments.filter(status=AssessmentStatus.DRAFT)
        .select_related("agency", "campaign")
        .prefetch_related(
            "extensions",
            Prefetch("agency__users", queryset=recipients, to_attr="reminder_recipients"),
        )
        .order_by("agency__tier", "agency__code")
    )


def plan_reminders(campaign: Campaign, today: datetime.date) -> ReminderRun:
    """Who would get a reminder about ``campaign`` today, and who not and why."""
    deadline = campaign.deadline_of(Phase.SELF_ASSESSMENT)
    assessments = draft_assessments(campaign)
    missing = missing_evidence_counts(assessments)
    reminded_today = set(
        ReminderLog.objects.filter(
            assessment__in=assessments.values("pk"), sent_on=today
        ).values_list("assessment_id", flat=True)
    )
    run = ReminderRun()
    for assessment in assessments:
        emails = list(dict.fromkeys(user.email for user in assessment.agency.reminder_recipients))
        if assessment.pk in reminded_today:
            run.skipped.append(Skipped(assessment, ALREADY_SENT))
        elif not emails:
            run.skipped.append(Skipped(assessment, NO_EMAIL))
        else:
            run.sent.append(
                Reminder(
                    assessment=assessment,
                    recipients=emails,
                    closes_at=self_assessment_closes_at(deadline, assessment.extensions.all()),
                    unanswered=max(assessment.applicable_count - assessment.answered_count, 0),
                    missing_evidence=missing.get(assessment.pk, 0),
                    link=site_url() + reverse("assessments:overview", args=[assessment.pk]),
                )
            )
    return run


def render_reminder(reminder: Reminder) -> tuple[str, str]:
    """Subject and body, in the platform's language (Vietnamese) whatever the caller's."""
    assessment = reminder.assessment
    context = {
        "reminder": reminder,
        "agency": assessment.agency,
        "campaign": assessment.campaign,
        "deadline": (
            timezone.localtime(reminder.closes_at).strftime("%d/%m/%Y")
            if reminder.closes_at
            else ""
        ),
        "answered": assessment.answered_count,
        "applicable": assessment.applicable_count,
        "CITY_NAME": getattr(settings, "CITY_NAME", ""),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("campaigns/email/reminder_subject.txt", context)
        body = render_to_string("campaigns/email/reminder_body.txt", context)
    return " ".join(subject.split()), body


class SendFailed(Exception):
    """The e-mail of one reminder could not be sent."""


def deliver(reminder: Reminder, today: datetime.date) -> bool:
    """Send one reminder, log it and audit it; False when it was already sent today.

    The log row is written first, inside the same transaction as the e-mail: a concurrent run
    fails on the unique constraint instead of sending twice, and a failed send leaves no row, so
    the next run tries again. A failed send raises SendFailed, after logging and auditing it.
    """
    subject, body = render_reminder(reminder)
    try:
        with transaction.atomic():
            ReminderLog.objects.create(
                assessment=reminder.assessment,
                sent_on=today,
                recipients_count=len(reminder.recipients),
            )
            send_mail(subject, body, None, reminder.recipients)
            record(
                None,
                "assessment.reminder",
                reminder.assessment,
                after={
                    "sent_on": today,
                    "recipients": reminder.recipients,
                    "unanswered": reminder.unanswered,
                    "missing_evidence": reminder.missing_evidence,
                },
            )
    except IntegrityError:
        return False
    # Whatever the mail backend raises (a refused address, a connection refused or timed out,
    # an error of a provider's API) concerns this message only: the run goes on with the others.
    except Exception as error:
        logger.exception(
            "reminder to %s (assessment %s) could not be sent",
            ", ".join(reminder.recipients),
            reminder.assessment.pk,
        )
        record(
            None,
            "assessment.reminder_failed",
            reminder.assessment,
            after={"sent_on": today, "recipients": reminder.recipients, "error": str(error)},
        )
        raise SendFailed(str(error) or type(error).__name__) from error
    return True


def send_reminders(
    *, campaign_id: int | None = None, dry_run: bool = False, today: datetime.date | None = None
) -> ReminderRun:
    """Remind every draft assessment of the campaigns in self-assessment (or of one of them).

    With ``dry_run`` nothing is sent, logged or audited; the run says what would be sent. A
    reminder whose e-mail fails is listed in ``failed`` and the others still go out.
    """
    today = today or timezone.localdate()
    total = ReminderRun()
    for campaign in campaigns_to_remind(campaign_id):
        planned = plan_reminders(campaign, today)
        total.skipped += planned.skipped
        for reminder in planned.sent:
            if dry_run:
                total.sent.append(reminder)
                continue
            try:
                delivered = deliver(reminder, today)
            except SendFailed as failure:
                total.failed.append(Failed(reminder, str(failure)))
            else:
                if delivered:
                    total.sent.append(reminder)
                else:
                    total.skipped.append(Skipped(reminder.assessment, ALREADY_SENT))
    return total
