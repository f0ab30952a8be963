"""The reports of a finalised campaign — results workbook, official report, scorecards — made
as background jobs, and an agency's own scorecard once the results are published."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from dti.agencies.models import Tier
from dti.agencies.permissions import permission_required, require
from dti.assessments.models import Assessment
from dti.campaigns.models import Campaign
from dti.reports import jobs as report_jobs  # registers the report job kinds
from dti.reports.scorecard import agency_scorecard, archive_name
from dti.reports.selectors import recent_report_jobs, reports_available
from dti.reports.services import ReportRefused, start_report

from .models import Result
from .selectors import campaign_tiers, is_public

JOB_LABELS = {
    report_jobs.WORKBOOK: _("Results workbook (.xlsx)"),
    report_jobs.REPORT: _("Official results report (.docx)"),
    report_jobs.SCORECARDS: _("Scorecards of a tier (.zip of PDF)"),
}


def _tier_label(tier: str) -> str:
    return Tier(tier).label if tier in Tier.values else tier


@permission_required("report.generate")
@require_GET
def reports(request, campaign_id):
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    require(request.user, "report.generate", campaign)
    jobs = recent_report_jobs(campaign, request.user, list(JOB_LABELS))
    return render(
        request,
        "results/reports/index.html",
        {
            "campaign": campaign,
            "available": reports_available(campaign),
            "tiers": [(tier, _tier_label(tier)) for tier in campaign_tiers(campaign)],
            "jobs": [
                (job, JOB_LABELS[job.kind], _tier_label(job.params.get("tier", ""))) for job in jobs
            ],
        },
    )


@permission_required("report.generate")
@require_POST
def report_start(request, campaign_id, kind):
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    try:
        job = start_report(campaign, kind, request.user, tier=request.POST.get("tier", ""))
    except ReportRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("results:reports", campaign_id=campaign.pk)
    return redirect("jobs:detail", pk=job.pk)


@permission_required("scorecard.own")
@require_GET
def own_scorecard(request, assessment_id):
    """The agency's own one-page scorecard, made on the spot; nothing before publication."""
    assessment = get_object_or_404(
        Assessment.objects.select_related("campaign", "agency"), pk=assessment_id
    )
    require(request.user, "scorecard.own", assessment)
    result = Result.objects.filter(assessment=assessment).select_related("assessment").first()
    if result is None or not is_public(assessment.campaign):
        raise Http404("the results are not published")
    filename = (
        f"phieu-ket-qua-dti-{assessment.campaign.year}-{archive_name(assessment.agency.code)}"
    )
    return HttpResponse(
        agency_scorecard(result),
        content_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
