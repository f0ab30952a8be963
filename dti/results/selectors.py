"""Reads of frozen results: rankings per tier, one agency's result, year-over-year change.

Change against the previous campaign is shown only where it is comparable: the DTI value when
the agency has a published result in an earlier campaign whose framework is mapped to this one
(``FrameworkMapping``) or is this very framework (same code and version), an indicator when the
mapping names its predecessor — on the same framework, every indicator is its own predecessor.
Indicators are compared as shares of their maximum (points / max), because maxima may differ
between versions; the change is in percentage points.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db.models import Avg, Count, F, FloatField, Func, Prefetch, QuerySet, Value
from django.db.models.functions import NullIf
from django.http import Http404
from django.shortcuts import get_object_or_404

from dti.agencies.models import Agency, Tier
from dti.campaigns.models import Campaign, Phase, Reopening
from dti.core.search import matches, sort_key, words_of
from dti.frameworks.models import FrameworkMapping, Group, Indicator, IndicatorMapping

from .models import Result


def published_campaigns() -> QuerySet[Campaign]:
    """Campaigns whose results are published. Reopening a published campaign for a correction
    withdraws its results until the corrected ones are published again."""
    return Campaign.objects.filter(published_at__isnull=False).order_by("-year", "-pk")


def campaigns_under_correction() -> list[Reopening]:
    """The latest reopening of each published campaign withdrawn for a correction."""
    reopenings = (
        Reopening.objects.filter(from_phase=Phase.PUBLISHED, campaign__published_at__isnull=True)
        .select_related("campaign")
        .order_by("campaign_id", "-reopened_at")
    )
    latest: dict[int, Reopening] = {}
    for reopening in reopenings:
        latest.setdefault(reopening.campaign_id, reopening)
    return list(latest.values())


def is_public(campaign: Campaign) -> bool:
    return campaign.published_at is not None


def tier_results(campaign: Campaign, tier: str) -> list[Result]:
    """The tier's results in rank order, with their per-group and per-indicator figures."""
    return list(
        Result.objects.filter(assessment__campaign=campaign, assessment__agency__tier=tier)
        .select_related("assessment__agency", "assessment__framework")
        .order_by("rank", "assessment__agency__code")
    )


def campaign_tiers(campaign: Campaign) -> list[str]:
    return list(campaign.campaignframework_set.order_by("tier").values_list("tier", flat=True))


@dataclass(frozen=True)
class Comparison:
    previous: Result | None
    mapping: FrameworkMapping | None
    # The previous result was assessed on this very framework: a mapping file may not map a
    # framework to itself, every indicator compares with itself.
    same_framework: bool = False

    @property
    def comparable(self) -> bool:
        return self.previous is not None and (self.same_framework or self.mapping is not None)

    def predecessors(self, indicators: Iterable[str], mapped: dict[str, str]) -> dict[str, str]:
        """Later indicator code → the earlier code it compares with: ``mapped`` (read from the
        framework mapping), or every code itself on the same framework; none when not
        comparable."""
        if not self.comparable:
            return {}
        if self.same_framework:
            return {code: code for code in indicators}
        return mapped

    def dti_change(self, current: Result) -> Decimal | None:
        return current.dti_value - self.previous.dti_value if self.comparable else None


def previous_results(results: list[Result]) -> dict[int, Comparison]:
    """For each result, the agency's result in the latest earlier published campaign and what
    makes them comparable: the framework mapping, or the same framework (either may be
    missing). Three queries at most."""
    if not results:
        return {}
    campaign = results[0].assessment.campaign
    agency_ids = [result.assessment.agency_id for result in results]
    earlier = (
        Result.objects.filter(
            assessment__agency_id__in=agency_ids,
            assessment__campaign__published_at__isnull=False,
            assessment__campaign__year__lt=campaign.year,
        )
        .select_related("assessment__campaign", "assessment__framework")
        .defer("groups", "indicators")  # read on the one agency page that shows them
        .order_by("assessment__agency_id", "-assessment__campaign__year")
    )
    latest: dict[int, Result] = {}
    for result in earlier:
        latest.setdefault(result.assessment.agency_id, result)
    pairs = {
        (result.assessment.framework_id, current.assessment.framework_id)
        for current in results
        if (result := latest.get(current.assessment.agency_id)) is not None
        and result.assessment.framework_id != current.assessment.framework_id
    }
    mappings = {
        (mapping.source_id, mapping.target_id): mapping
        for mapping in FrameworkMapping.objects.filter(
            source_id__in=[pair[0] for pair in pairs], target_id__in=[pair[1] for pair in pairs]
        )
    }
    comparisons = {}
    for current in results:
        previous = latest.get(current.assessment.agency_id)
        if previous is None:
            comparisons[current.pk] = Comparison(None, None)
            continue
        pair = (previous.assessment.framework_id, current.assessment.framework_id)
        comparisons[current.pk] = Comparison(
            previous, mappings.get(pair), same_framework=pair[0] == pair[1]
        )
    return comparisons


@dataclass(frozen=True)
class IndicatorChange:
    code: str
    previous_code: str | None
    share: Decimal | None  # this year's points / max
    previous_share: Decimal | None

    @property
    def change(self) -> Decimal | None:
        """Change in percentage points, or None when not comparable."""
        if self.share is None or self.previous_share is None:
            return None
        return ((self.share - self.previous_share) * 100).quantize(Decimal("0.1"))


def _share(item: dict) -> Decimal | None:
    maximum = Decimal(item["max_points"])
    return Decimal(item["points"]) / maximum if maximum else None


def _changes(
    indicators: dict, predecessors: dict[str, str], previous: dict | None
) -> dict[str, IndicatorChange]:
    """Per indicator: its share against that of its predecessor (code in ``predecessors``) in
    the previous result's ``indicators``, if any."""
    changes = {}
    for code, item in indicators.items():
        previous_code = predecessors.get(code)
        previous_item = previous.get(previous_code) if previous_code and previous else None
        changes[code] = IndicatorChange(
            code=code,
            previous_code=previous_code,
            share=_share(item),
            previous_share=_share(previous_item) if previous_item else None,
        )
    return changes


def indicator_changes(result: Result, comparison: Comparison) -> dict[str, IndicatorChange]:
    """Per indicator of ``result``: its share against its predecessor's, if any."""
    mapped: dict[str, str] = {}
    if comparison.comparable and not comparison.same_framework:
        mapped = dict(
            IndicatorMapping.objects.filter(mapping=comparison.mapping).values_list(
                "target__code", "source__code"
            )
        )
    predecessors = comparison.predecessors(result.indicators, mapped)
    previous = comparison.previous.indicators if comparison.comparable else None
    return _changes(result.indicators, predecessors, previous)


def indicator_changes_of(
    results: list[Result], comparisons: dict[int, Comparison]
) -> dict[int, dict[str, IndicatorChange]]:
    """``indicator_changes`` of many results (by result id) in two queries, for the open data:
    ``previous_results`` leaves the previous results' indicators unread."""
    comparable = [comparison for comparison in comparisons.values() if comparison.comparable]
    previous_indicators = dict(
        Result.objects.filter(
            pk__in=[comparison.previous.pk for comparison in comparable]
        ).values_list("pk", "indicators")
    )
    mapped: dict[int, dict[str, str]] = {}
    for mapping_id, source, target in IndicatorMapping.objects.filter(
        mapping_id__in={
            comparison.mapping.pk for comparison in comparable if not comparison.same_framework
        }
    ).values_list("mapping_id", "source__code", "target__code"):
        mapped.setdefault(mapping_id, {})[target] = source
    changes = {}
    for result in results:
        comparison = comparisons[result.pk]
        if comparison.comparable:
            mapping_id = comparison.mapping.pk if comparison.mapping else None
            changes[result.pk] = _changes(
                result.indicators,
                comparison.predecessors(result.indicators, mapped.get(mapping_id, {})),
                previous_indicators.get(comparison.previous.pk),
            )
        else:
            changes[result.pk] = _changes(result.indicators, {}, None)
    return changes


class GroupNumber(Func):
    """One number of one group of ``Result.groups`` — e.g. the "points" of group "1" — read
    by the database as a float.

    Written by hand because Django's JSON key transforms take a key made of digits, as group
    codes are, for an array index (``$[1]``): here the key is always quoted."""

    output_field = FloatField()

    def __init__(self, code: str, field: str):
        super().__init__(F("groups"))
        self.path = (code, field)

    def as_sql(self, compiler, connection, **extra_context):
        # SQLite's JSON1 (which Django's JSONField needs there) and the JSON_EXTRACT of others.
        column, params = compiler.compile(self.get_source_expressions()[0])
        path = "$" + "".join(f".{json.dumps(key)}" for key in self.path)
        return f"CAST(JSON_EXTRACT({column}, %s) AS REAL)", (*params, path)

    def as_postgresql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.get_source_expressions()[0])
        return f"CAST(({column} #>> %s::text[]) AS double precision)", (*params, list(self.path))


# Float noise of the database's average is cut well below what any page or document shows.
_AVERAGE_PLACES = Decimal("1e-9")


@dataclass(frozen=True)
class TierSummary:
    size: int  # agencies with a result in the tier
    averages: dict[str, Decimal]  # per group code: the average share of the group's maximum


def tier_summary(campaign: Campaign, tier: str, group_codes: Iterable[str]) -> TierSummary:
    """The size of a tier and, per group, its average share of the group's maximum over the
    agencies to which the group applies — computed by the database in one query, so that an
    agency's page does not load the figures of 3,500 communes to draw its chart. The public
    pages and the documents all take their averages from here."""
    codes = list(group_codes)
    averages = {
        f"group_{index}": Avg(
            GroupNumber(code, "points") / NullIf(GroupNumber(code, "max_points"), Value(0.0))
        )
        for index, code in enumerate(codes)
    }
    figures = Result.objects.filter(
        assessment__campaign=campaign, assessment__agency__tier=tier
    ).aggregate(size=Count("pk"), **averages)
    return TierSummary(
        size=figures["size"],
        averages={
            code: Decimal(str(value)).quantize(_AVERAGE_PLACES)
            for index, code in enumerate(codes)
            if (value := figures[f"group_{index}"]) is not None
        },
    )


def tier_group_names(campaign: Campaign, tier: str) -> dict[str, str]:
    """The groups of the tier's framework in order, code → name in the active language."""
    return {
        group.code: group.name
        for group in Group.objects.filter(
            framework__campaignframework__campaign=campaign,
            framework__campaignframework__tier=tier,
        ).order_by("order", "pk")
    }


def _code_order(code: str) -> tuple:
    """Codes in natural order: "1.2" before "1.10", group "2" before "10"."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", code)
    )


def strongest_and_weakest(result: Result, count: int = 3) -> tuple[list[str], list[str]]:
    """The codes of the indicators with the highest and with the lowest share of their maximum,
    as two lists that never share an indicator.

    Only indicators that apply (a maximum above 0) are compared. The strongest come highest
    share first, the weakest lowest share first; at equal shares the indicator worth more
    points comes first (full marks on 20 points say more than on 5, and 0 of 20 loses more than
    0 of 5), then the lower code in natural order ("1.2" before "1.10").

    Each list holds at most ``count`` indicators and at most half of those compared, so a small
    framework splits its indicators (of five, two and two; of one, none). An indicator at 0
    points is never among the strongest, one at full marks never among the weakest.
    """
    scored = [
        (share, Decimal(item["max_points"]), code)
        for code, item in result.indicators.items()
        if (share := _share(item)) is not None
    ]
    size = min(count, len(scored) // 2)
    by_weight = sorted(scored, key=lambda entry: (-entry[1], _code_order(entry[2])))
    # Python's sort is stable: sorting by share keeps the weight-then-code order of ties.
    highest_first = sorted(by_weight, key=lambda entry: entry[0], reverse=True)
    lowest_first = sorted(by_weight, key=lambda entry: entry[0])
    strongest = [code for share, _weight, code in highest_first if share > 0][:size]
    weakest = [
        code for share, _weight, code in lowest_first if share < 1 and code not in strongest
    ][:size]
    return strongest, weakest


# --- The public results portal ------------------------------------------------------------
# Everything the portal reads goes through ``public_campaign`` first: a campaign whose results
# are not published does not exist for the public (404), whoever is signed in.


def public_campaign(campaign_id: int) -> Campaign:
    """The published campaign with its reopenings (corrections after finalisation), or 404."""
    return get_object_or_404(
        Campaign.objects.filter(published_at__isnull=False).prefetch_related(
            Prefetch("reopenings", queryset=Reopening.objects.order_by("reopened_at", "pk"))
        ),
        pk=campaign_id,
    )


def _tier_order(tier: str) -> int:
    values = list(Tier.values)
    return values.index(tier) if tier in values else len(values)


def sorted_tiers(tiers) -> list[str]:
    """Tiers in the order of ``Tier`` (departments first), not alphabetically."""
    return sorted(tiers, key=lambda tier: (_tier_order(tier), tier))


@dataclass(frozen=True)
class PublishedCampaign:
    campaign: Campaign
    tiers: list[str]


def public_campaign_list() -> list[PublishedCampaign]:
    """The published campaigns, newest first, each with its tiers (two queries)."""
    campaigns = published_campaigns().prefetch_related("campaignframework_set")
    return [
        PublishedCampaign(
            campaign, sorted_tiers(item.tier for item in campaign.campaignframework_set.all())
        )
        for campaign in campaigns
    ]


def public_tier(campaign: Campaign, tier: str) -> str:
    """``tier`` if the campaign assesses it, else 404."""
    if tier not in campaign_tiers(campaign):
        raise Http404("No such tier in this campaign.")
    return tier


@dataclass(frozen=True)
class RankingRow:
    """One agency in a public ranking table, with its year-over-year comparison.

    Plain values rather than model instances: building 3,500 ``Result`` objects took most of
    the time of the public ranking page.
    """

    agency_code: str
    agency_name: str
    rank: int
    dti_value: Decimal
    points: Decimal
    max_points: Decimal
    self_dti_value: Decimal
    rank_low: int | None
    rank_high: int | None
    leave_one_out_low: int | None
    leave_one_out_high: int | None
    rank_robust: bool | None
    previous_year: int | None = None
    change: Decimal | None = None  # against ``previous_year``; None when not comparable


RANKING_COLUMNS = (
    "rank",
    "dti_value",
    "points",
    "max_points",
    "self_dti_value",
    "rank_low",
    "rank_high",
    "leave_one_out_low",
    "leave_one_out_high",
    "rank_robust",
)


def public_ranking(campaign: Campaign, tier: str) -> list[RankingRow]:
    """The ranking of one tier in rank order (ties by agency code), three queries whatever the
    number of agencies. The change is the one ``previous_results`` gives: through a framework
    mapping, or against a result on the same framework."""
    lines = (
        Result.objects.filter(assessment__campaign=campaign, assessment__agency__tier=tier)
        .order_by("rank", "assessment__agency__code")
        .values_list(
            "assessment__agency_id",
            "assessment__framework_id",
            "assessment__agency__code",
            "assessment__agency__name",
            *RANKING_COLUMNS,
        )
    )
    lines = list(lines)
    earlier = _latest_earlier_values(campaign, [line[0] for line in lines])
    mapped = set(
        FrameworkMapping.objects.filter(
            source_id__in={framework for framework, _year, _value in earlier.values()},
            target_id__in={line[1] for line in lines},
        ).values_list("source_id", "target_id")
    )
    rows = []
    for agency_id, framework_id, code, name, *figures in lines:
        row = RankingRow(code, name, *figures)
        previous = earlier.get(agency_id)
        if previous and (previous[0] == framework_id or (previous[0], framework_id) in mapped):
            _framework, year, value = previous
            row = replace(row, previous_year=year, change=row.dti_value - value)
        rows.append(row)
    return rows


def _latest_earlier_values(
    campaign: Campaign, agency_ids: list[int]
) -> dict[int, tuple[int, int, Decimal]]:
    """Per agency, (framework id, year, DTI value) of its latest result published before
    ``campaign``."""
    earlier = (
        Result.objects.filter(
            assessment__agency_id__in=agency_ids,
            assessment__campaign__published_at__isnull=False,
            assessment__campaign__year__lt=campaign.year,
        )
        .order_by("assessment__agency_id", "-assessment__campaign__year")
        .values_list(
            "assessment__agency_id",
            "assessment__framework_id",
            "assessment__campaign__year",
            "dti_value",
        )
    )
    latest: dict[int, tuple[int, int, Decimal]] = {}
    for agency_id, *values in earlier:
        latest.setdefault(agency_id, tuple(values))
    return latest


def search_ranking(rows: list[RankingRow], query: str) -> list[RankingRow]:
    """The rows whose agency name or code contains every word of ``query``, diacritics and
    case ignored ("ha dong" finds "Phường Hà Đông")."""
    words = words_of(query)
    if not words:
        return rows
    return [row for row in rows if matches(words, row.agency_name, row.agency_code)]


# Sort keys of the public ranking and the direction each starts in (the best first).
RANKING_SORTS = {
    "rank": "asc",
    "name": "asc",
    "dti_value": "desc",
    "points": "desc",
    "self_dti_value": "desc",
    "change": "desc",
}
_NUMBER_SORTS = {
    "dti_value": lambda row: row.dti_value,
    "points": lambda row: row.points,
    "self_dti_value": lambda row: row.self_dti_value,
    "change": lambda row: row.change,
}


def sort_ranking(rows: list[RankingRow], key: str, descending: bool) -> list[RankingRow]:
    """Rows sorted by rank, by name (alphabetical, diacritics ignored), by DTI value, points,
    self-assessed DTI value or change. Equal values keep the agency code order in both
    directions; rows whose change is not comparable come last in both directions."""
    if key == "name":
        return sorted(
            rows, key=lambda row: (sort_key(row.agency_name), row.agency_code), reverse=descending
        )
    if key in _NUMBER_SORTS:
        value = _NUMBER_SORTS[key]
        known = [row for row in rows if value(row) is not None]
        unknown = [row for row in rows if value(row) is None]
        sign = -1 if descending else 1
        known.sort(key=lambda row: (sign * value(row), row.agency_code))
        return known + unknown
    return sorted(rows, key=lambda row: (row.rank, row.agency_code), reverse=descending)


def public_result(campaign: Campaign, agency_code: str) -> Result:
    """One agency's result in a published campaign, or 404."""
    result = (
        Result.objects.filter(assessment__campaign=campaign, assessment__agency__code=agency_code)
        .select_related("assessment__agency", "assessment__framework")
        .first()
    )
    if result is None:
        raise Http404("No result of this agency in this campaign.")
    result.assessment.campaign = campaign
    return result


def _percent(share: Decimal | None) -> Decimal | None:
    return None if share is None else (share * 100).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class GroupLine:
    """One group of an agency's result next to the tier's average."""

    code: str
    name: str
    self_points: Decimal
    self_max_points: Decimal
    points: Decimal
    max_points: Decimal
    rank: int | None
    average: Decimal | None  # the tier's average share of the group's maximum

    @property
    def share(self) -> Decimal | None:
        return self.points / self.max_points if self.max_points else None

    @property
    def share_percent(self) -> Decimal | None:
        return _percent(self.share)

    @property
    def average_percent(self) -> Decimal | None:
        return _percent(self.average)


@dataclass(frozen=True)
class IndicatorLine:
    """One indicator of an agency's result: self-assessed and appraised side by side."""

    code: str
    group: str
    name: str
    self_points: Decimal
    points: Decimal
    max_points: Decimal
    status: str
    decision: str
    reason: str
    change: IndicatorChange | None

    @property
    def adjusted(self) -> bool:
        return self.points != self.self_points

    @property
    def not_applicable(self) -> bool:
        return self.status == "not_applicable"

    @property
    def ruled_not_applicable(self) -> bool:
        """The appraisal made the indicator not applicable, whatever the agency self-assessed:
        its self-assessed points are still shown beside the decision."""
        return self.not_applicable and (self.decision == "adjusted" or self.adjusted)


@dataclass(frozen=True)
class AgencyPage:
    """Everything the public page of one agency's result shows."""

    result: Result
    comparison: Comparison
    groups: list[GroupLine]
    indicators: list[IndicatorLine]
    strongest: list[IndicatorLine]
    weakest: list[IndicatorLine]
    tier_size: int
    group_names: dict[str, str]  # the framework's groups in order, for the chart
    averages: dict[str, Decimal]  # the tier's average share per group code

    @property
    def agency(self) -> Agency:
        return self.result.assessment.agency

    @property
    def change(self) -> Decimal | None:
        return self.comparison.dti_change(self.result)

    @property
    def sections(self) -> list[tuple[GroupLine, list[IndicatorLine]]]:
        """Each group with its indicators, for the table of indicators."""
        return [
            (group, [line for line in self.indicators if line.group == group.code])
            for group in self.groups
        ]


def _framework_order(framework_id: int) -> tuple[dict[str, str], dict[str, str]]:
    """Group and indicator names of a framework (active language), in the framework's order."""
    groups = {
        group.code: group.name
        for group in Group.objects.filter(framework_id=framework_id).order_by("order", "pk")
    }
    indicators = {
        indicator.code: indicator.name
        for indicator in Indicator.objects.filter(framework_id=framework_id).order_by(
            "group__order", "order", "pk"
        )
    }
    return groups, indicators


def _in_order(codes, order: dict[str, str]) -> list[str]:
    """``codes`` in the framework's order; codes it does not know (none expected) at the end."""
    known = [code for code in order if code in codes]
    return known + sorted(code for code in codes if code not in order)


def public_agency_page(campaign: Campaign, result: Result) -> AgencyPage:
    """One agency's published result with names, tier averages and year-over-year change."""
    group_names, indicator_names = _framework_order(result.assessment.framework_id)
    summary = tier_summary(campaign, result.assessment.agency.tier, group_names)
    averages = summary.averages
    comparison = previous_results([result])[result.pk]
    changes = indicator_changes(result, comparison)
    groups = [
        GroupLine(
            code=code,
            name=group_names.get(code, ""),
            self_points=Decimal(result.groups[code]["self_points"]),
            self_max_points=Decimal(result.groups[code]["self_max_points"]),
            points=Decimal(result.groups[code]["points"]),
            max_points=Decimal(result.groups[code]["max_points"]),
            rank=result.group_ranks.get(code),
            average=averages.get(code),
        )
        for code in _in_order(result.groups, group_names)
    ]
    indicators = {
        code: IndicatorLine(
            code=code,
            group=item["group"],
            name=indicator_names.get(code, ""),
            self_points=Decimal(item["self_points"]),
            points=Decimal(item["points"]),
            max_points=Decimal(item["max_points"]),
            status=item["status"],
            decision=item.get("decision", ""),
            reason=item.get("reason", ""),
            change=changes.get(code),
        )
        for code, item in result.indicators.items()
    }
    strongest, weakest = strongest_and_weakest(result)
    return AgencyPage(
        result=result,
        comparison=comparison,
        groups=groups,
        indicators=[indicators[code] for code in _in_order(indicators, indicator_names)],
        strongest=[indicators[code] for code in strongest],
        weakest=[indicators[code] for code in weakest],
        tier_size=summary.size,
        group_names=group_names,
        averages=averages,
    )
