"""The coordinator's progress dashboard of a campaign and its CSV / Excel exports."""

from __future__ import annotations

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from dti.agencies.models import Tier
from dti.agencies.permissions import can, permission_required
from dti.assessments.models import AssessmentStatus

from .dashboard import (
    IN_PROGRESS,
    NOT_STARTED,
    OVERDUE,
    DashboardFilters,
    dashboard_page,
    filter_rows,
    progress_csv,
    progress_rows,
    progress_workbook,
)
from .models import Campaign, Phase
from .selectors import get_campaign

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A page shows this many agencies (a country has thousands); the exports hold them all.
ROWS_PER_PAGE = 100
OVERDUE_SHOWN = 50


class DashboardFilterForm(forms.Form):
    """The GET filters of the dashboard, shared by its exports."""

    tier = forms.ChoiceField(label=_("Tier"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("All")),
            (
                _("Progress"),
                [
                    (NOT_STARTED, _("Not started")),
                    (IN_PROGRESS, _("In progress")),
                    (OVERDUE, _("Overdue")),
                ],
            ),
            (_("Assessment status"), AssessmentStatus.choices),
        ],
    )
    q = forms.CharField(label=_("Agency name or code"), required=False, max_length=100)

    def __init__(self, data, campaign: Campaign):
        super().__init__(data)
        tiers = {item.tier for item in campaign.campaignframework_set.all()}  # prefetched
        self.fields["tier"].choices = [
            ("", _("All")),
            *[(value, label) for value, label in Tier.choices if value in tiers],
        ]

    def filters(self) -> DashboardFilters:
        """The valid filters; an invalid one is shown with its error and not applied."""
        self.is_valid()
        cleaned = self.cleaned_data
        return DashboardFilters(
            tier=cleaned.get("tier", ""),
            status=cleaned.get("status", ""),
            search=cleaned.get("q", ""),
        )


def _query_string(filters: DashboardFilters) -> str:
    pairs = {"tier": filters.tier, "status": filters.status, "q": filters.search}
    return urlencode({key: value for key, value in pairs.items() if value})


@permission_required("campaign.view")
@require_GET
def dashboard(request, pk):
    campaign = get_campaign(pk)
    form = DashboardFilterForm(request.GET, campaign)
    filters = form.filters()
    dashboard = dashboard_page(
        campaign, filters, request.GET.get("page"), ROWS_PER_PAGE, OVERDUE_SHOWN
    )
    return render(
        request,
        "campaigns/dashboard.html",
        {
            "campaign": campaign,
            "form": form,
            "dashboard": dashboard,
            "page": dashboard.page,
            "export_query": _query_string(filters),
            # The overdue list is of self-assessments: later phases extend other work, or none.
            "can_extend_self_assessment": can(request.user, "campaign.manage")
            and campaign.phase == Phase.SELF_ASSESSMENT,
        },
    )


def _filtered_rows(request, pk):
    campaign = get_campaign(pk)
    filters = DashboardFilterForm(request.GET, campaign).filters()
    return campaign, filter_rows(progress_rows(campaign), filters)


def _download(content: bytes, content_type: str, campaign: Campaign, extension: str):
    name = f"dti-{campaign.year}-progress-{campaign.pk}-{timezone.localdate():%Y%m%d}.{extension}"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@permission_required("campaign.view")
@require_GET
def dashboard_export_xlsx(request, pk):
    campaign, rows = _filtered_rows(request, pk)
    return _download(progress_workbook(campaign, rows), XLSX_TYPE, campaign, "xlsx")


@permission_required("campaign.view")
@require_GET
def dashboard_export_csv(request, pk):
    campaign, rows = _filtered_rows(request, pk)
    return _download(progress_csv(rows), "text/csv; charset=utf-8", campaign, "csv")
