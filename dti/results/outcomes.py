"""Uses of the frozen results: PAR Index conversion and award proposals.

**PAR Index conversion.** The Department of Home Affairs scores the PAR Index component on
digital transformation ("Chuyển đổi số trong các cơ quan nhà nước") from the DTI results. A
campaign's ``ParIndexRule`` says how, for every agency of every tier:

- ``proportional``: points = component maximum × DTI value;
- ``rank_bands``: the points of the first band whose ``max_rank`` is at least the agency's rank
  within its tier, else the ``otherwise`` points (0 when there is no such band). Tied agencies
  share a rank, hence a band.

PAR points are rounded half-up to 2 decimals, as indicator points are.

**Award proposals.** A campaign's ``AwardRule`` combines up to three conditions, per tier: a DTI
value of at least ``min_dti_value``; no applicable indicator at 0 points; and, of the agencies
meeting those, the best ``top_n`` (ranked among themselves, ties at the last place all
proposed). An agency that the zero-indicator condition alone keeps out (it would be proposed
without it) is listed as excluded, with its indicators at 0 points.

Both work only on frozen results (a finalised or published campaign). Rule changes go through
``set_par_rule`` / ``set_award_rule``, which check the permission, validate and audit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

from dti.agencies.models import Tier
from dti.agencies.permissions import require
from dti.audit.services import record
from dti.campaigns.models import Campaign, Phase
from dti.core.formatting import format_number
from dti.scoring import rank_by_value

from .models import AwardRule, ParIndexRule, ParMethod, Result
from .selectors import Comparison, campaign_tiers, previous_results, tier_results

FROZEN_PHASES = (Phase.FINALIZED, Phase.PUBLISHED)
PAR_QUANTUM = Decimal("0.01")
# What the PAR rule form offers before a rule is saved (the component's official name is data).
DEFAULT_PAR_COMPONENT = "Chuyển đổi số trong các cơ quan nhà nước"
DEFAULT_COMPONENT_MAX = Decimal("3")
MAX_COMPONENT_MAX = Decimal("9999.99")
NON_FIELD = "__all__"

# How a justification names the tier ("ranked 1/17 among the departments").
TIER_NAMES = {
    Tier.DEPARTMENT: pgettext_lazy("tier in a sentence", "departments"),
    Tier.COMMUNE: pgettext_lazy("tier in a sentence", "communes and wards"),
    Tier.DISTRICT: pgettext_lazy("tier in a sentence", "districts"),
}


class RuleInvalid(Exception):
    """The rule was not saved; ``errors`` maps a field name (``bands[1].max_rank`` for a band,
    ``__all__`` for the rule as a whole) to its messages."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__("; ".join(f"{key}: {' '.join(items)}" for key, items in errors.items()))


def results_frozen(campaign: Campaign) -> bool:
    """Are the campaign's results final (finalised or published, with frozen rows)?"""
    return (
        campaign.phase in FROZEN_PHASES
        and Result.objects.filter(assessment__campaign=campaign).exists()
    )


def _decimal(value: Any) -> Decimal | None:
    """A number typed or stored in any plain form (not a boolean), or None."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _plain(value: Decimal) -> str:
    """The same text for the same number, however it was typed or stored: 3.00 → "3"."""
    return format(Decimal(value).normalize(), "f")


def _decimals(value: Decimal) -> int:
    return max(0, -value.normalize().as_tuple().exponent)


def _points(value: Decimal) -> Decimal:
    return value.quantize(PAR_QUANTUM, rounding=ROUND_HALF_UP)


# --- PAR Index rule: validation ------------------------------------------------------------


def _check_component(name: str, method: str, component_max: Decimal | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not (name or "").strip():
        errors["component_name"] = [_("Name the PAR Index component.")]
    if method not in ParMethod.values:
        errors["method"] = [_("Choose the proportional method or rank bands.")]
    if component_max is None:
        errors["component_max"] = [_("Give the component's maximum points.")]
    elif component_max <= 0 or component_max > MAX_COMPONENT_MAX:
        errors["component_max"] = [
            _("The maximum must be greater than 0 and at most {limit}.").format(
                limit=format_number(MAX_COMPONENT_MAX)
            )
        ]
    elif _decimals(component_max) > 2:
        errors["component_max"] = [_("Use at most 2 decimals.")]
    return errors


def _band_points(
    value: Any, component_max: Decimal | None, previous: Decimal | None
) -> tuple[Decimal | None, str | None]:
    """The points of one band, or the reason they are wrong."""
    points = _decimal(value)
    if points is None:
        return None, _("Give the points as a number.")
    if points < 0:
        return None, _("Points cannot be negative.")
    if _decimals(points) > 2:
        return None, _("Use at most 2 decimals.")
    if component_max is not None and points > component_max:
        return None, _("At most the component maximum ({maximum}).").format(
            maximum=format_number(component_max)
        )
    if previous is not None and points > previous:
        return None, _(
            "A lower rank cannot earn more points than a higher one: at most {points}."
        ).format(points=format_number(previous))
    return points, None


def check_bands(
    bands: Any, component_max: Decimal | None
) -> tuple[list[dict], dict[str, list[str]]]:
    """Validate rank bands; return them in stored form (numbers as JSON numbers) and the errors,
    each under its path, e.g. ``bands[1].max_rank``.

    Bands are ``{"max_rank": n, "points": p}`` with increasing ``max_rank`` and points that do
    not increase, optionally ended by ``{"otherwise": p}`` for every lower rank.
    """
    errors: dict[str, list[str]] = {}
    if not isinstance(bands, list):
        return [], {"bands": [_("Expected a list of bands.")]}
    if not bands:
        return [], {"bands": [_("Give at least one band.")]}
    stored: list[dict] = []
    previous_rank: int | None = None
    previous_points: Decimal | None = None
    for index, band in enumerate(bands):
        path = f"bands[{index}]"
        if not isinstance(band, dict):
            errors[path] = [_("Expected a band with a rank limit and points.")]
            continue
        if "otherwise" in band:
            if set(band) != {"otherwise"} or index != len(bands) - 1:
                errors[f"{path}.otherwise"] = [
                    _("The points for all other ranks come alone, after the last band.")
                ]
                continue
            points, problem = _band_points(band["otherwise"], component_max, previous_points)
            if problem:
                errors[f"{path}.otherwise"] = [problem]
            else:
                stored.append({"otherwise": _json_number(points)})
            continue
        unknown = set(band) - {"max_rank", "points"}
        if unknown:
            errors[path] = [
                _("Unknown keys {keys}; a band has max_rank and points.").format(
                    keys=", ".join(sorted(map(str, unknown)))
                )
            ]
            continue
        max_rank = band.get("max_rank")
        if isinstance(max_rank, bool) or not isinstance(max_rank, int) or max_rank < 1:
            errors[f"{path}.max_rank"] = [
                _("Give the lowest rank of the band, a whole number ≥ 1.")
            ]
        elif previous_rank is not None and max_rank <= previous_rank:
            errors[f"{path}.max_rank"] = [
                _("Rank limits must increase from band to band: more than {rank}.").format(
                    rank=previous_rank
                )
            ]
        else:
            previous_rank = max_rank
        points, problem = _band_points(band.get("points"), component_max, previous_points)
        if problem:
            errors[f"{path}.points"] = [problem]
        else:
            previous_points = points
        if f"{path}.max_rank" not in errors and not problem:
            stored.append({"max_rank": max_rank, "points": _json_number(points)})
    return stored, errors


def check_par_rule(
    component_name: str, method: str, component_max: Decimal | None, bands: Any
) -> tuple[list[dict], dict[str, list[str]]]:
    """The bands in stored form and every error of the rule, by field. Bands are checked
    whenever they are given, and required for ``rank_bands``."""
    errors = _check_component(component_name, method, component_max)
    maximum = None if "component_max" in errors else component_max
    stored_bands: list[dict] = []
    if bands or method == ParMethod.RANK_BANDS:
        stored_bands, band_errors = check_bands(bands, maximum)
        errors |= band_errors
    return stored_bands, errors


# --- PAR Index rule: the service and the computation -------------------------------------


def par_rule_of(campaign: Campaign) -> ParIndexRule | None:
    return ParIndexRule.objects.filter(campaign=campaign).first()


def _par_snapshot(rule: ParIndexRule | None) -> dict | None:
    if rule is None:
        return None
    return {
        "component_name": rule.component_name,
        "method": rule.method,
        "component_max": _plain(rule.component_max),
        "bands": rule.bands,
    }


@transaction.atomic
def set_par_rule(
    campaign: Campaign,
    *,
    component_name: str,
    method: str,
    component_max: Decimal | None,
    bands: list,
    by,
) -> ParIndexRule:
    """Create or change the campaign's PAR Index rule (audited). Bands are checked whenever
    they are given, and required for ``rank_bands``; an invalid rule raises ``RuleInvalid``."""
    require(by, "par.manage")
    stored_bands, errors = check_par_rule(component_name, method, component_max, bands)
    if errors:
        raise RuleInvalid(errors)
    rule = ParIndexRule.objects.select_for_update().filter(campaign=campaign).first()
    before = _par_snapshot(rule)
    rule = rule or ParIndexRule(campaign=campaign)
    rule.component_name = component_name.strip()
    rule.method = method
    rule.component_max = component_max
    rule.bands = stored_bands
    after = _par_snapshot(rule)
    if before == after:
        return rule
    rule.updated_by = by
    rule.save()
    record(by, "par.rule_change", rule, before=before, after=after)
    return rule


def par_points(rule: ParIndexRule, result: Result) -> Decimal:
    """The PAR Index points of one agency's result under ``rule``."""
    if rule.method == ParMethod.PROPORTIONAL:
        return _points(rule.component_max * result.dti_value)
    for band in rule.bands:
        if "otherwise" in band:
            return _points(_decimal(band["otherwise"]))
        if result.rank <= band["max_rank"]:
            return _points(_decimal(band["points"]))
    return _points(Decimal(0))


@dataclass(frozen=True)
class ParRow:
    result: Result
    points: Decimal

    @property
    def agency(self):
        return self.result.assessment.agency


@dataclass(frozen=True)
class ParTable:
    tier: str
    label: str
    rows: list[ParRow]


def par_tables(campaign: Campaign, rule: ParIndexRule) -> list[ParTable]:
    """Per tier of the campaign, every agency's DTI value, rank and PAR points (by rank)."""
    return [
        ParTable(
            tier=tier,
            label=str(Tier(tier).label),
            rows=[
                ParRow(result, par_points(rule, result)) for result in tier_results(campaign, tier)
            ],
        )
        for tier in campaign_tiers(campaign)
    ]


def describe_par_rule(rule: ParIndexRule) -> str:
    """The rule in one sentence, for the page and the export's title rows."""
    if rule.method == ParMethod.PROPORTIONAL:
        return _("Points = {maximum} × DTI value, rounded half-up to 2 decimals.").format(
            maximum=format_number(rule.component_max)
        )
    parts = []
    for band in rule.bands:
        if "otherwise" in band:
            parts.append(
                _("other ranks: {points}").format(points=format_number(_decimal(band["otherwise"])))
            )
        else:
            parts.append(
                _("rank ≤ {rank}: {points}").format(
                    rank=band["max_rank"], points=format_number(_decimal(band["points"]))
                )
            )
    if not any("otherwise" in band for band in rule.bands):
        parts.append(_("other ranks: {points}").format(points=format_number(0)))
    return _(
        "Points by rank within the tier (tied agencies share a band): {bands} (component "
        "maximum {maximum})."
    ).format(bands="; ".join(parts), maximum=format_number(rule.component_max))


# --- Award rule -----------------------------------------------------------------------------


def award_rule_of(campaign: Campaign) -> AwardRule | None:
    return AwardRule.objects.filter(campaign=campaign).first()


def _award_snapshot(rule: AwardRule | None) -> dict | None:
    if rule is None:
        return None
    return {
        "top_n": rule.top_n,
        "min_dti_value": None if rule.min_dti_value is None else _plain(rule.min_dti_value),
        "no_zero_indicator": rule.no_zero_indicator,
    }


def check_award_rule(
    top_n: int | None, min_dti_value: Decimal | None, no_zero_indicator: bool
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if top_n is not None and (isinstance(top_n, bool) or top_n < 1):
        errors["top_n"] = [_("Give a whole number of agencies, at least 1.")]
    if min_dti_value is not None:
        if not Decimal(0) <= min_dti_value <= Decimal(1):
            errors["min_dti_value"] = [_("A DTI value lies between 0 and 1.")]
        elif _decimals(min_dti_value) > 4:
            errors["min_dti_value"] = [_("Use at most 4 decimals, as DTI values are published.")]
    if top_n is None and min_dti_value is None and not no_zero_indicator:
        errors[NON_FIELD] = [
            _(
                "Choose at least one condition: a number of agencies per tier, a minimum DTI "
                "value, or no indicator at 0 points."
            )
        ]
    return errors


@transaction.atomic
def set_award_rule(
    campaign: Campaign,
    *,
    top_n: int | None,
    min_dti_value: Decimal | None,
    no_zero_indicator: bool,
    by,
) -> AwardRule:
    """Create or change the campaign's award rule (audited); ``RuleInvalid`` when wrong."""
    require(by, "award.manage")
    errors = check_award_rule(top_n, min_dti_value, no_zero_indicator)
    if errors:
        raise RuleInvalid(errors)
    rule = AwardRule.objects.select_for_update().filter(campaign=campaign).first()
    before = _award_snapshot(rule)
    rule = rule or AwardRule(campaign=campaign)
    rule.top_n = top_n
    rule.min_dti_value = min_dti_value
    rule.no_zero_indicator = no_zero_indicator
    after = _award_snapshot(rule)
    if before == after:
        return rule
    rule.updated_by = by
    rule.save()
    record(by, "award.rule_change", rule, before=before, after=after)
    return rule


def describe_award_rule(rule: AwardRule) -> str:
    conditions = []
    if rule.min_dti_value is not None:
        conditions.append(
            _("DTI value at least {value}").format(value=format_number(rule.min_dti_value, 4))
        )
    if rule.no_zero_indicator:
        conditions.append(_("no indicator at 0 points"))
    if rule.top_n is not None:
        conditions.append(
            ngettext(
                "the best agency of each tier among those meeting the other conditions",
                "the best {count} agencies of each tier among those meeting the other conditions",
                rule.top_n,
            ).format(count=rule.top_n)
        )
    return _("Proposed: {conditions}.").format(conditions="; ".join(conditions))


# --- Award proposals ------------------------------------------------------------------------


def _code_key(code: str) -> tuple:
    """Indicator codes in reading order: 6.9 before 6.10."""
    return tuple(int(part) if part.isdigit() else part for part in code.split("."))


def zero_indicators(result: Result) -> list[str]:
    """Codes of the applicable indicators (max > 0) at 0 points, in reading order."""
    codes = [
        code
        for code, item in result.indicators.items()
        if Decimal(item["max_points"]) > 0 and Decimal(item["points"]) == 0
    ]
    return sorted(codes, key=_code_key)


def _best(results: list[Result], top_n: int | None) -> dict[int, int]:
    """Result pk → place among ``results`` (by DTI value, ties share), the best ``top_n``."""
    places = rank_by_value({result.pk: result.dti_value for result in results})
    return {pk: place for pk, place in places.items() if top_n is None or place <= top_n}


@dataclass(frozen=True)
class Proposal:
    result: Result
    place: int  # among the agencies meeting the DTI and zero-indicator conditions
    justification: str

    @property
    def agency(self):
        return self.result.assessment.agency


@dataclass(frozen=True)
class Exclusion:
    result: Result
    zero_codes: list[str]
    reason: str

    @property
    def agency(self):
        return self.result.assessment.agency


@dataclass
class TierAwards:
    tier: str
    label: str
    count: int
    proposals: list[Proposal] = field(default_factory=list)
    exclusions: list[Exclusion] = field(default_factory=list)


def _sentence(parts: list[str]) -> str:
    text = "; ".join(parts)
    return f"{text[:1].upper()}{text[1:]}."


def _zero_phrase(codes: list[str]) -> str:
    if not codes:
        return _("no indicator at 0 points")
    return ngettext(
        "{count} indicator at 0 points ({codes})",
        "{count} indicators at 0 points ({codes})",
        len(codes),
    ).format(count=len(codes), codes=", ".join(codes))


def _signed(value: Decimal) -> str:
    text = format_number(value, 4)
    return text if value < 0 else f"+{text}"


def justification(
    rule: AwardRule, result: Result, place: int, count: int, comparison: Comparison | None
) -> str:
    """Why an agency is proposed, in words and numbers, e.g. "Ranked 1/17 among the
    departments, DTI value 0.8125; no indicator at 0 points; rank stable when the group
    weights change."."""
    parts = [
        _("ranked {rank}/{count} among the {tier}, DTI value {value}").format(
            rank=result.rank,
            count=count,
            tier=TIER_NAMES.get(result.assessment.agency.tier, result.assessment.agency.tier),
            value=format_number(result.dti_value, 4),
        )
    ]
    if rule.min_dti_value is not None:
        parts.append(
            _("at least the minimum DTI value {value}").format(
                value=format_number(rule.min_dti_value, 4)
            )
        )
    if rule.top_n is not None and place != result.rank:
        parts.append(
            _("place {place} among the agencies meeting the conditions (best {count})").format(
                place=place, count=rule.top_n
            )
        )
    parts.append(_zero_phrase(zero_indicators(result)))
    if result.rank_robust is True:
        parts.append(_("rank stable when the group weights change"))
    elif result.rank_robust is False:
        parts.append(
            _("rank sensitive to the group weights (between {low} and {high})").format(
                low=result.rank_low, high=result.rank_high
            )
        )
    if comparison is not None and comparison.comparable:
        parts.append(
            _("{change} against {year}").format(
                change=_signed(comparison.dti_change(result)),
                year=comparison.previous.assessment.campaign.year,
            )
        )
    return _sentence(parts)


def tier_awards(rule: AwardRule, tier: str, results: list[Result]) -> TierAwards:
    """The proposals and the zero-indicator exclusions of one tier (``results`` by rank)."""
    meets_threshold = [
        result
        for result in results
        if rule.min_dti_value is None or result.dti_value >= rule.min_dti_value
    ]
    zeros = {result.pk: zero_indicators(result) for result in meets_threshold}
    awards = TierAwards(tier=tier, label=str(Tier(tier).label), count=len(results))
    eligible = meets_threshold
    if rule.no_zero_indicator:
        eligible = [result for result in meets_threshold if not zeros[result.pk]]
        proposed_without_condition = _best(meets_threshold, rule.top_n)
        awards.exclusions = [
            Exclusion(
                result,
                zeros[result.pk],
                _sentence([_zero_phrase(zeros[result.pk])]),
            )
            for result in meets_threshold
            if result.pk in proposed_without_condition and zeros[result.pk]
        ]
    places = _best(eligible, rule.top_n)
    comparisons = previous_results([result for result in results if result.pk in places])
    awards.proposals = [
        Proposal(
            result,
            places[result.pk],
            justification(rule, result, places[result.pk], len(results), comparisons[result.pk]),
        )
        for result in results
        if result.pk in places
    ]
    return awards


def award_tables(campaign: Campaign, rule: AwardRule) -> list[TierAwards]:
    return [
        tier_awards(rule, tier, tier_results(campaign, tier)) for tier in campaign_tiers(campaign)
    ]
