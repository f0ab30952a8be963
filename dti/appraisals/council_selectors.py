"""Reads for the council pages: the consolidated results per tier, one agency's results, the
campaign's reopenings.

Until the campaign is finalised the results are computed from the appraisals decided so far
(the same engine and the same rule as the freeze); once it is finalised or published they come
from the frozen ``Result`` rows, so that the council reads exactly what was decided.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from dti.agencies.models import Tier
from dti.assessments.models import Assessment
from dti.campaigns.models import Campaign, Phase, Reopening
from dti.frameworks.models import Framework, Group
from dti.results.models import Result
from dti.results.services import result_fields as live_result_fields
from dti.scoring import rank_by_value

from .models import CouncilOpinion, Decision, Explanation

FROZEN_PHASES = (Phase.FINALIZED, Phase.PUBLISHED)


def results_are_frozen(campaign: Campaign) -> bool:
    return campaign.phase in FROZEN_PHASES


def council_campaign(campaign_id: int) -> Campaign:
    """The campaign with its reopenings (who, when, why), or 404."""
    reopenings = Reopening.objects.select_related("reopened_by")
    return get_object_or_404(
        Campaign.objects.prefetch_related(Prefetch("reopenings", queryset=reopenings)),
        pk=campaign_id,
    )


def opinion_of(campaign: Campaign, member) -> CouncilOpinion | None:
    return CouncilOpinion.objects.filter(campaign=campaign, member=member).first()


# --- The ranking per tier ----------------------------------------------------------------


@dataclass
class RankingRow:
    assessment: Assessment
    self_dti_value: Decimal
    points: Decimal
    max_points: Decimal
    dti_value: Decimal
    adjusted_count: int
    rank: int = 0

    @property
    def agency(self):
        return self.assessment.agency


@dataclass
class TierRanking:
    tier: str
    framework: Framework
    rows: list[RankingRow] = field(default_factory=list)

    @property
    def tier_label(self) -> str:
        return Tier(self.tier).label


def council_rankings(campaign: Campaign) -> list[TierRanking]:
    """One ranking per tier: self and appraised DTI value, rank (ties share a rank) and the
    number of adjusted indicators of every assessment, in a fixed number of queries."""
    rows = _frozen_rows(campaign) if results_are_frozen(campaign) else _live_rows(campaign)
    tiers: dict[str, TierRanking] = {}
    for row in rows:
        agency = row.assessment.agency
        tiers.setdefault(agency.tier, TierRanking(agency.tier, row.assessment.framework))
        tiers[agency.tier].rows.append(row)
    ordered = [tiers[tier] for tier in Tier.values if tier in tiers]
    for ranking in ordered:
        ranking.rows.sort(key=lambda row: (row.rank, row.agency.code))
    return ordered


def _frozen_rows(campaign: Campaign) -> list[RankingRow]:
    results = Result.objects.filter(assessment__campaign=campaign).select_related(
        "assessment__agency", "assessment__framework"
    )
    return [
        RankingRow(
            assessment=result.assessment,
            self_dti_value=result.self_dti_value,
            points=result.points,
            max_points=result.max_points,
            dti_value=result.dti_value,
            adjusted_count=sum(
                1
                for item in result.indicators.values()
                if item.get("decision") == Decision.ADJUSTED
            ),
            rank=result.rank,
        )
        for result in results
    ]


def _live_rows(campaign: Campaign) -> list[RankingRow]:
    """The appraised totals kept on each assessment (see refresh_appraised_totals)."""
    assessments = campaign.assessments.select_related("agency", "framework")
    rows = [
        RankingRow(
            assessment=assessment,
            self_dti_value=assessment.self_dti_value or Decimal(0),
            points=assessment.appraised_points or Decimal(0),
            max_points=assessment.appraised_max_points or Decimal(0),
            dti_value=assessment.appraised_dti_value or Decimal(0),
            adjusted_count=assessment.adjusted_count,
        )
        for assessment in assessments
    ]
    for tier in {row.agency.tier for row in rows}:
        in_tier = [row for row in rows if row.agency.tier == tier]
        ranks = rank_by_value({row.assessment.pk: row.dti_value for row in in_tier})
        for row in in_tier:
            row.rank = ranks[row.assessment.pk]
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
    reasons and the agency's explanations; frozen values once the campaign is finalised."""
    frozen = results_are_frozen(assessment.campaign)
    result = Result.objects.filter(assessment=assessment).first() if frozen else None
    fields = _stored_fields(result) if result else live_result_fields(assessment)
    explanations = dict(
        Explanation.objects.filter(assessment=assessment).values_list(
            "response__indicator__code", "text"
        )
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
