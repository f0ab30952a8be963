"""The public results portal (/ket-qua/): rankings, one page per agency, open data.

No login and no permission action: the portal shows only what the coordinator has published
(``Campaign.published_at`` set). Every view starts from ``selectors.public_campaign``, so an
unpublished campaign is a 404 for everybody, whether anonymous or signed in.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from dti.agencies.models import Tier
from dti.core.formatting import format_number
from dti.reports.charts import agency_chart, tier_chart

from .opendata import WRITERS, codebook_file, open_data_file
from .publication_cache import kept, source_version
from .selectors import (
    RANKING_SORTS,
    AgencyPage,
    campaign_tiers,
    campaigns_under_correction,
    public_agency_page,
    public_campaign,
    public_campaign_list,
    public_ranking,
    public_result,
    public_tier,
    search_ranking,
    sort_ranking,
    sorted_tiers,
    tier_group_names,
    tier_summary,
)
from .services import robustness_rule

OPEN_DATA_FORMATS = tuple(WRITERS)

# A ranking page shows this many agencies; the open data holds them all.
ROWS_PER_PAGE = 100


def _tier_label(tier: str) -> str:
    return Tier(tier).label if tier in Tier.values else tier


def _robustness_context() -> dict:
    """The numbers of the robustness rule, for the footnote that explains the mark."""
    rule = robustness_rule()
    return {
        "draws": format_number(rule.draws),
        "spread": format_number(round(rule.spread * 100)),
        "robust_share": format_number(round(rule.robust_share * 100)),
    }


@require_GET
def index(request):
    campaigns = [
        {
            "campaign": item.campaign,
            "tiers": [{"code": tier, "label": _tier_label(tier)} for tier in item.tiers],
        }
        for item in public_campaign_list()
    ]
    return render(
        request,
        "results/public/index.html",
        {"campaigns": campaigns, "under_correction": campaigns_under_correction()},
    )


def _sort_request(request) -> tuple[str, str]:
    """The sort key and direction asked for; unknown values fall back to the rank order."""
    key = request.GET.get("sort", "rank")
    if key not in RANKING_SORTS:
        key = "rank"
    direction = request.GET.get("dir", RANKING_SORTS[key])
    if direction not in ("asc", "desc"):
        direction = RANKING_SORTS[key]
    return key, direction


@require_GET
def ranking(request, campaign_id: int, tier: str):
    campaign = public_campaign(campaign_id)
    public_tier(campaign, tier)
    query = request.GET.get("q", "").strip()[:100]
    sort, direction = _sort_request(request)
    version = source_version(campaign, tier)
    all_rows = kept(campaign, tier, "ranking", lambda: public_ranking(campaign, tier), version)
    rows = sort_ranking(search_ranking(all_rows, query), sort, direction == "desc")
    return render(
        request,
        "results/public/ranking.html",
        {
            "campaign": campaign,
            "tier": tier,
            "tier_label": _tier_label(tier),
            "rows": rows,
            "page": Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page")),
            "total": len(all_rows),
            "query": query,
            "sort": sort,
            "direction": direction,
            "sort_links": _sort_links(sort, direction),
            "chart": kept(
                campaign,
                tier,
                f"tier-chart-{get_language()}",
                lambda: _tier_chart(campaign, tier),
                version,
            ),
            "reopenings": campaign.reopenings.all(),
            "formats": OPEN_DATA_FORMATS,
            **_robustness_context(),
        },
    )


def _sort_links(sort: str, direction: str) -> dict[str, dict]:
    """For each sortable column: the direction a click asks for, and the current state for
    ``aria-sort``."""
    links = {}
    for key, first_direction in RANKING_SORTS.items():
        if key == sort:
            target = "desc" if direction == "asc" else "asc"
            state = "ascending" if direction == "asc" else "descending"
        else:
            target, state = first_direction, "none"
        links[key] = {"dir": target, "aria_sort": state}
    return links


def _agency_chart(page: AgencyPage) -> str:
    # The PDF scorecard draws the same chart from the same data (dti.reports.scorecard).
    svg = agency_chart(page.group_names, page.result.groups, page.averages, page.agency.tier)
    # The chart escapes every label it is given; the rest of the markup is our own.
    return mark_safe(svg)


def _tier_chart(campaign, tier: str) -> str:
    # The Word report embeds this chart of every tier (dti.reports.results_report).
    names = tier_group_names(campaign, tier)
    svg = tier_chart(names, tier_summary(campaign, tier, names).averages, tier)
    return mark_safe(svg)


@require_GET
def agency(request, campaign_id: int, code: str):
    campaign = public_campaign(campaign_id)
    page = public_agency_page(campaign, public_result(campaign, code))
    tier = page.agency.tier
    return render(
        request,
        "results/public/agency.html",
        {
            "campaign": campaign,
            "page": page,
            "result": page.result,
            "tier": tier,
            "tier_label": _tier_label(tier),
            "chart": _agency_chart(page),
            "reopenings": campaign.reopenings.all(),
            **_robustness_context(),
        },
    )


def _download(data) -> HttpResponse:
    response = HttpResponse(data.content, content_type=data.content_type)
    response["Content-Disposition"] = f'attachment; filename="{data.filename}"'
    return response


@require_GET
def opendata(request, campaign_id: int, tier: str, fmt: str):
    campaign = public_campaign(campaign_id)
    public_tier(campaign, tier)
    if fmt not in OPEN_DATA_FORMATS:
        raise Http404("Open data comes as csv, json or xlsx.")
    return _download(open_data_file(campaign, tier, fmt))


@require_GET
def opendata_codebook(request, campaign_id: int, tier: str):
    campaign = public_campaign(campaign_id)
    public_tier(campaign, tier)
    return _download(codebook_file(campaign, tier))


@require_GET
def opendata_page(request, campaign_id: int):
    """What the open data files of a campaign hold, one set of files per tier."""
    campaign = public_campaign(campaign_id)
    return render(
        request,
        "results/public/opendata.html",
        {
            "campaign": campaign,
            "tiers": [
                {"code": tier, "label": _tier_label(tier)}
                for tier in sorted_tiers(campaign_tiers(campaign))
            ],
            "formats": OPEN_DATA_FORMATS,
            **_robustness_context(),
        },
    )
