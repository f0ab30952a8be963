"""Reads for the council pages: the consolidated results per tier, one agency's results, the
campaign's reopenings.

Until the campaign is finalised the results are computed from the appraisals decided so far
(the same engine and the same rule as the freeze); once it is finalised or published they come
from the frozen ``Result`` rows, so that the council reads exactly what was decided.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from dti.agencies.models import Tier
from dti.agencies.permissions import can
from dti.assessments.models import Assessment
from dti.campaigns.models import Campaign, Phase, Reopening
from dti.frameworks.models import Framework, Group
from dti.results.models import Result
from dti.results.services import result_fields as live_result_fields
from dti.scoring import rank_by_value

from .models import CouncilOpinion, Decision, Explanation
from .services import latest_reopening

FROZEN_PHASES = (Phase.FINALIZED, Phase.PUBLISHED)
# The phases in which the council has something to read: from the moment it is asked on.
COUNCIL_PHASES = (Phase.COUNCIL, *FROZEN_PHASES)


def results_are_frozen(campaign: Campaign) -> bool:
    return campaign.phase in FROZEN_PHASES


def council_campaign(user, campaign_id: int) -> Campaign:
    """The campaign with its reopenings (who, when, why), or 404. Council members read it
    only once the council is asked (``COUNCIL_PHASES``): before, the results are still being
    appraised. Those who consolidate the appraisals (coordinator, working group) read the
    same figures on the consolidation pages already, so they may in any phase."""
    reopenings = Reopening.objects.select_related("reopened_by")
    campaigns = Campaign.objects.prefetch_related(Prefetch("reopenings", queryset=reopenings))
    if not can(user, "appraisal.consolidate"):
        campaigns = campaigns.filter(phase__in=COUNCIL_PHASES)
    return get_object_or_404(campaigns, pk=campaign_id)


def opinion_of(campaign: Campaign, member) -> CouncilOpinion | None:
    """The member's opinion in the current consultation (since the latest reopening)."""
    return CouncilOpinion.objects.filter(
        campaign=campaign, member=member, reopening=latest_reopening(campaign)
    ).first()


def earlier_opinions_of(campaign: Campaign, member) -> list[CouncilOpinion]:
    """The member's opinions given before the latest reopening, oldest first."""
    latest = latest_reopening(campaign)
    if latest is None:
        return []
    return list(
        CouncilOpinion.objects.filter(campaign=campaign, member=member)
        .exclude(reopening=latest)
        .order_by("submitted_at", "pk")
    )


# --- The ranking per tier ----------------------------------------------------------------


@dataclass
class RankingRow:
    """One agency's line of the council ranking, as plain values (a tier holds thousands)."""

    assessment_id: int
    agency_code: str
    agency_name: str
    self_dti_value: Decimal
    points: Decimal
    max_points: Decimal
    dti_value: Decimal
    adjusted_count: int
    rank: int = 0


@dataclass
class TierRanking:
    tier: str
    framework: Framework | None
    page: Page  # of RankingRow, in rank order (ties by agency code)

    @property
    def tier_label(self) -> str:
        return Tier(self.tier).label


def ranked_tiers(campaign: Campaign) -> list[str]:
    """The tiers of the campaign, in the order of ``Tier``."""
    present = set(campaign.campaignframework_set.values_list("tier", flat=True))
    return [tier for tier in Tier.values if tier in present]


def council_ranking(campaign: Campaign, tier: str, page_number, per_page: int) -> TierRanking:
    """The ranking of one tier: self and appraised DTI value, rank (ties share a rank) and the
    number of adjusted indicators of every assessment, a page at a time, in a fixed number of
    queries."""
    assessments = campaign.assessments.filter(agency__tier=tier)
    rows = _frozen_rows(assessments) if results_are_frozen(campaign) else _live_rows(assessments)
    rows.sort(key=lambda row: (row.rank, row.agency_code))
    framework = campaign.frameworks.filter(campaignframework__tier=tier).first()
    return TierRanking(tier, framework, Paginator(rows, per_page).get_page(page_number))


_AGENCY = ("pk", "agency__code", "agency__name")


def _frozen_rows(assessments) -> list[RankingRow]:
    """From the frozen results. The adjusted count is the assessment's, equal to the frozen
    one: appraisals are decided only in the appraisal phases, never while results are frozen."""
    lines = assessments.filter(result__isnull=False).values_list(
        *_AGENCY,
        "result__self_dti_value",
        "result__points",
        "result__max_points",
        "result__dti_value",
        "adjusted_count",
        "result__rank",
    )
    return [RankingRow(*line) for line in lines]


def _live_rows(assessments) -> list[RankingRow]:
    """The appraised totals kept on each assessment (see refresh_appraised_totals)."""
    lines = assessments.values_list(
        *_AGENCY,
        "self_dti_value",
        "appraised_points",
        "appraised_max_points",
        "appraised_dti_value",
        "adjusted_count",
    )
    zero = Decimal(0)
    rows = [
        RankingRow(pk, code, name, *(value or zero for value in totals), adjusted)
        for pk, code, name, *totals, adjusted in lines
    ]
    ranks = rank_by_value({row.assessment_id: row.dti_value for row in rows})
    for row in rows:
        row.rank = ranks[row.assessment_id]
    return rows


# --- One agency's results ----------------------------------------------------------------


@dataclass
class IndicatorResult:
    code: str
    name: str
    self_points: Decimal
    points: Decimal
    max_points: Decimal
    status: str
    decision: str
    round: int | None
    reason: str
    explanation: str

    @property
    def changed(self) -> bool:
        return self.self_points != self.points

    @property
    def decision_label(self) -> str:
        return Decision(self.decision).label if self.decision else ""


@dataclass
class GroupResult:
    group: Group
    self_points: Decimal
    points: Decimal
    max_points: Decimal
    indicators: list[IndicatorResult] = field(default_factory=list)


@dataclass
class AgencyResults:
    assessment: Assessment
    frozen: bool
    self_points: Decimal
    self_max_points: Decimal
    self_dti_value: Decimal
    points: Decimal
    max_points: Decimal
    dti_value: Decimal
    rank: int | None
    groups: list[GroupResult]


def council_assessment(campaign: Campaign, assessment_id: int) -> Assessment:
    """An assessment of this campaign (404 for another campaign's)."""
    return get_object_or_404(
        Assessment.objects.select_related("agency", "framework", "campaign"),
        pk=assessment_id,
        campaign=campaign,
    )


def agency_results(assessment: Assessment) -> AgencyResults:
    """Self-assessed and appraised points per group and indicator, with the appraisers'
    reasons and the agency's explanations (signed off); frozen values once the campaign is
    finalised."""
    frozen = results_are_frozen(assessment.campaign)
    result = Result.objects.filter(assessment=assessment).first() if frozen else None
    fields = _stored_fields(result) if result else live_result_fields(assessment)
    explanations = dict(
        Explanation.objects.signed_off()
        .filter(assessment=assessment)
        .values_list("response__indicator__code", "text")
    )
    groups = []
    for group in assessment.framework.groups.prefetch_related("indicators").order_by("order"):
        if group.code not in fields["groups"]:
            continue
        totals = fields["groups"][group.code]
        line = GroupResult(
            group,
            Decimal(totals["self_points"]),
            Decimal(totals["points"]),
            Decimal(totals["max_points"]),
        )
        for indicator in group.indicators.all():
            item = fields["indicators"].get(indicator.code)
            if item is not None:
                line.indicators.append(_indicator_result(indicator, item, explanations))
        groups.append(line)
    return AgencyResults(
        assessment=assessment,
        frozen=result is not None,
        self_points=fields["self_points"],
        self_max_points=fields["self_max_points"],
        self_dti_value=fields["self_dti_value"],
        points=fields["points"],
        max_points=fields["max_points"],
        dti_value=fields["dti_value"],
        rank=result.rank if result else None,
        groups=groups,
    )


def _stored_fields(result: Result) -> dict:
    return {
        "self_points": result.self_points,
        "self_max_points": result.self_max_points,
        "self_dti_value": result.self_dti_value,
        "points": result.points,
        "max_points": result.max_points,
        "dti_value": result.dti_value,
        "groups": result.groups,
        "indicators": result.indicators,
    }


def _indicator_result(indicator, item: dict, explanations: dict[str, str]) -> IndicatorResult:
    return IndicatorResult(
        code=indicator.code,
        name=indicator.name,
        self_points=Decimal(item["self_points"]),
        points=Decimal(item["points"]),
        max_points=Decimal(item["max_points"]),
        status=item["status"],
        decision=item["decision"],
        round=item["round"],
        reason=item["reason"],
        explanation=explanations.get(indicator.code, ""),
    )
