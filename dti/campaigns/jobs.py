"""Reminder e-mails as a background job ("reminders"), for ``send_reminders --queue``.

The job runs the same service as the command (``dti.campaigns.reminders.send_reminders``), so it
is as safe to repeat: a retried or doubly delivered job sends nothing more than one reminder per
assessment a day. Its result is a CSV file saying who was reminded and who not, and why.
"""

from __future__ import annotations

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dti.core.spreadsheets import csv_safe_row
from dti.jobs.models import Job
from dti.jobs.registry import JobOutput, ProgressReport, job_kind

from .reminders import ALREADY_SENT, NO_EMAIL, send_reminders

REMINDERS = "reminders"

SKIP_REASONS = {
    NO_EMAIL: "no active agency staff or leader with an e-mail address",
    ALREADY_SENT: "already reminded today",
}


@job_kind(REMINDERS, action="campaign.manage", label=gettext_lazy("Reminder e-mails"))
def send_reminders_job(job: Job, report: ProgressReport) -> JobOutput:
    """``params``: ``campaign_id`` (optional: one campaign instead of all in self-assessment)."""
    report(5, _("Finding the self-assessments still in draft"))
    run = send_reminders(campaign_id=job.params.get("campaign_id"))
    report(
        95,
        _("%(sent)s reminders sent, %(skipped)s skipped, %(failed)s failed")
        % {
            "sent": len(run.sent),
            "skipped": len(run.skipped),
            "failed": len(run.failed),
        },
    )
    return JobOutput(
        f"nhac-viec-{timezone.localdate():%Y%m%d}-{job.pk}.csv",
        _summary_csv(run).encode("utf-8-sig"),
        "text/csv",
    )


def _summary_csv(run) -> str:
    """One row per draft assessment: campaign, agency, what happened, to whom (no cell is
    ever read as a formula by a spreadsheet)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["campaign_id", "agency_code", "agency_name", "result", "recipients"])
    for reminder in run.sent:
        assessment = reminder.assessment
        writer.writerow(
            csv_safe_row(
                [
                    assessment.campaign_id,
                    assessment.agency.code,
                    assessment.agency.name,
                    "sent",
                    " ".join(reminder.recipients),
                ]
            )
        )
    for failed in run.failed:
        assessment = failed.assessment
        writer.writerow(
            csv_safe_row(
                [
                    assessment.campaign_id,
                    assessment.agency.code,
                    assessment.agency.name,
                    f"failed: {failed.error}",
                    " ".join(failed.reminder.recipients),
                ]
            )
        )
    for skipped in run.skipped:
        assessment = skipped.assessment
        writer.writerow(
            csv_safe_row(
                [
                    assessment.campaign_id,
                    assessment.agency.code,
                    assessment.agency.name,
                    f"skipped: {SKIP_REASONS[skipped.reason]}",
                    "",
                ]
            )
        )
    return buffer.getvalue()
