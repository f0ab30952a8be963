"""The report job kinds: each builds one file in the background and reports its progress.

Imported by ``dti.results.report_views`` (which the URL configuration imports), so the kinds
are registered before any report can be started. The progress messages are translated into the
server's default language: the job runs outside the request of the person who started it.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dti.campaigns.models import Campaign
from dti.jobs.models import Job
from dti.jobs.registry import JobOutput, ProgressReport, job_kind

from . import results_report, results_workbook, scorecard
from .selectors import campaign_report, reports_available

WORKBOOK, REPORT, SCORECARDS = "results_workbook", "results_report", "scorecards"


class ReportUnavailable(RuntimeError):
    """The campaign's results are not frozen (any more) when the job runs."""


def _campaign(job: Job) -> Campaign:
    campaign = Campaign.objects.get(pk=job.params["campaign_id"])
    if not reports_available(campaign):
        # The campaign may have been reopened between the click and the run.
        raise ReportUnavailable(f"campaign {campaign.pk} is in phase {campaign.phase}")
    return campaign


@job_kind(WORKBOOK, action="report.generate", label=gettext_lazy("Results workbook (.xlsx)"))
def make_results_workbook(job: Job, report: ProgressReport) -> JobOutput:
    report(5, _("Reading the results"))
    campaign = _campaign(job)
    data = campaign_report(campaign)
    report(40, _("Writing the workbook"))
    content = results_workbook.results_workbook(data)
    report(100)  # no step left to show next to "Done"
    return JobOutput(
        f"ket-qua-dti-{campaign.year}-{campaign.pk}.xlsx", content, results_workbook.CONTENT_TYPE
    )


@job_kind(REPORT, action="report.generate", label=gettext_lazy("Official results report (.docx)"))
def make_results_report(job: Job, report: ProgressReport) -> JobOutput:
    report(5, _("Reading the results"))
    campaign = _campaign(job)
    data = campaign_report(campaign)
    report(30, _("Drawing the charts and writing the report"))
    content = results_report.results_report(data)
    report(100)
    return JobOutput(
        f"bao-cao-ket-qua-dti-{campaign.year}-{campaign.pk}.docx",
        content,
        results_report.CONTENT_TYPE,
    )


@job_kind(
    SCORECARDS,
    action="report.generate",
    label=gettext_lazy("Scorecards of a tier (.zip of PDF)"),
)
def make_scorecards(job: Job, report: ProgressReport) -> JobOutput:
    report(2, _("Reading the results"))
    campaign = _campaign(job)
    tier = job.params["tier"]
    total = campaign.assessments.filter(agency__tier=tier).count() or 1

    def each(done: int, agency_name: str) -> None:
        report(2 + 96 * done // total, f"{done}/{total} · {agency_name}")

    content = scorecard.scorecards_archive(campaign, tier, progress=each)
    report(100)
    return JobOutput(
        f"phieu-ket-qua-dti-{campaign.year}-{campaign.pk}-{tier}.zip",
        content,
        scorecard.ARCHIVE_CONTENT_TYPE,
    )
