"""What the report writers need, read once: a campaign's frozen results per tier, with the
names of its groups and indicators and the corrections made after finalisation.

The writers (results_workbook, results_report, scorecard) take these plain structures and make
no query of their own, so the number of queries does not grow with the number of agencies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from dti.campaigns.models import Campaign, Phase, Reopening
from dti.frameworks.models import Framework, Group, Indicator
from dti.jobs.models import Job
from dti.results.models import Result
from dti.results.selectors import tier_results, tier_summary

from .vietnamese import TIER_ORDER

# Reports are made from frozen results only: once the campaign is finalised or published.
REPORTABLE_PHASES = (Phase.FINALIZED, Phase.PUBLISHED)


def reports_available(campaign: Campaign) -> bool:
    return campaign.phase in REPORTABLE_PHASES


@dataclass(frozen=True)
class GroupInfo:
    code: str
    name: str  # Vietnamese
    max_points: Decimal

    @property
    def label(self) -> str:
        return f"{self.code}. {self.name}"


@dataclass(frozen=True)
class IndicatorInfo:
    code: str
    name: str  # Vietnamese
    group_code: str


@dataclass
class TierReport:
    """One tier of a campaign: its framework, groups, indicators and ranked results."""

    tier: str
    framework: Framework
    groups: list[GroupInfo]
    indicators: list[IndicatorInfo]  # in the framework's order
    results: list[Result]  # by rank, then agency code
    group_averages: dict[str, Decimal] = field(default_factory=dict)

    @property
    def agency_count(self) -> int:
        return len(self.results)

    @property
    def group_names(self) -> dict[str, str]:
        """The groups in order, code → Vietnamese name (what the charts take)."""
        return {group.code: group.name for group in self.groups}

    @cached_property
    def _indicator_names(self) -> dict[str, str]:
        return {item.code: item.name for item in self.indicators}

    def indicator_name(self, code: str) -> str:
        return self._indicator_names.get(code, code)

    def average_dti_value(self) -> Decimal | None:
        if not self.results:
            return None
        return sum(result.dti_value for result in self.results) / len(self.results)


@dataclass
class CampaignReport:
    campaign: Campaign
    tiers: list[TierReport]
    reopenings: list[Reopening]


def _tier_position(tier: str) -> int:
    return TIER_ORDER.index(tier) if tier in TIER_ORDER else len(TIER_ORDER)


def campaign_report(campaign: Campaign, tiers: list[str] | None = None) -> CampaignReport:
    """The campaign's frozen results, departments first, limited to ``tiers`` when given."""
    links = campaign.campaignframework_set.select_related("framework")
    if tiers is not None:
        links = links.filter(tier__in=tiers)
    links = sorted(links, key=lambda link: _tier_position(link.tier))
    framework_ids = [link.framework_id for link in links]
    groups: dict[int, list[GroupInfo]] = {pk: [] for pk in framework_ids}
    for group in Group.objects.filter(framework_id__in=framework_ids).order_by("order", "pk"):
        groups[group.framework_id].append(GroupInfo(group.code, group.name_vi, group.max_points))
    indicators: dict[int, list[IndicatorInfo]] = {pk: [] for pk in framework_ids}
    for framework_id, code, name, group_code in (
        Indicator.objects.filter(framework_id__in=framework_ids)
        .order_by("group__order", "order", "pk")
        .values_list("framework_id", "code", "name_vi", "group__code")
    ):
        indicators[framework_id].append(IndicatorInfo(code, name, group_code))
    tier_reports = []
    for link in links:
        results = tier_results(campaign, link.tier)
        tier_reports.append(
            TierReport(
                tier=link.tier,
                framework=link.framework,
                groups=groups[link.framework_id],
                indicators=indicators[link.framework_id],
                results=results,
                group_averages=tier_summary(
                    campaign, link.tier, [group.code for group in groups[link.framework_id]]
                ).averages,
            )
        )
    reopenings = list(campaign.reopenings.select_related("reopened_by"))
    return CampaignReport(campaign=campaign, tiers=tier_reports, reopenings=reopenings)


def group_share(result: Result, code: str) -> Decimal | None:
    """The agency's share of group ``code``'s maximum, or None where the group does not apply."""
    group = result.groups.get(code)
    if not group or not Decimal(group["max_points"]):
        return None
    return Decimal(group["points"]) / Decimal(group["max_points"])


def recent_report_jobs(campaign: Campaign, user, kinds: list[str], limit: int = 10) -> list[Job]:
    """The reports of ``campaign`` that ``user`` started, newest first (jobs are private to
    the person who started them)."""
    return list(
        Job.objects.filter(created_by=user, kind__in=kinds, params__campaign_id=campaign.pk)[:limit]
    )
