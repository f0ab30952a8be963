"""Scoring an indicator, a group, a whole assessment; every indicator keeps its trace."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .inputs import ValidatedInputs, validate_inputs
from .messages import LocalText, Message, Renderer, _
from .model import FrameworkDef, IndicatorDef
from .numbers import ZERO, clamp, round_dti, round_points, shown

# Status of a scored indicator.
SCORED = "scored"
NOT_APPLICABLE = "not_applicable"  # removed from both points and max
UNANSWERED = "unanswered"  # counts 0 points against its max
INVALID = "invalid"  # counts 0 points against its max until corrected


@dataclass(frozen=True)
class ResponseData:
    """What an agency (or an appraiser) entered for one indicator."""

    values: Mapping[str, Any] = field(default_factory=dict)
    not_applicable: bool = False


@dataclass(frozen=True)
class Trace:
    """Why an indicator has its points: the inputs, the rule and each intermediate step."""

    indicator_code: str
    rule_type: str
    max_points: Decimal  # the applicable maximum, as in IndicatorScore
    inputs: Mapping[str, Any]
    input_labels: Mapping[str, LocalText]
    steps: tuple[Message, ...]
    points: Decimal
    status: str

    def render(self, renderer: Renderer | None = None) -> str:
        """The explanation as lines of text, in the renderer's language."""
        return "\n".join(self.lines(renderer))

    def lines(self, renderer: Renderer | None = None) -> list[str]:
        renderer = renderer or Renderer()
        lines = [
            Message(
                _("{label}: {value}"), {"label": self.input_labels.get(code, code), "value": value}
            ).render(renderer)
            for code, value in self.inputs.items()
        ]
        lines.extend(step.render(renderer) for step in self.steps)
        return lines


@dataclass(frozen=True)
class IndicatorScore:
    code: str
    status: str
    points: Decimal  # 0 unless scored
    max_points: Decimal  # the applicable max: 0 when not applicable, less when sub-criteria are
    trace: Trace
    errors: Mapping[str, list[Message]] = field(default_factory=dict)
    missing: tuple[str, ...] = ()

    @property
    def applicable(self) -> bool:
        return self.status != NOT_APPLICABLE

    @property
    def is_complete(self) -> bool:
        """Answered in full: scored with every required input, or not applicable."""
        return self.status == NOT_APPLICABLE or (self.status == SCORED and not self.missing)


def score_indicator(indicator: IndicatorDef, response: ResponseData | None) -> IndicatorScore:
    """Validate the inputs and apply the rule, deductions, bonuses, cap and rounding."""
    labels = {spec.code: spec.label for spec in indicator.inputs}
    if response is not None and response.not_applicable and indicator.may_be_not_applicable:
        steps = (Message(_("Declared not applicable: removed from the points and the maximum.")),)
        return _result(indicator, NOT_APPLICABLE, ZERO, {}, labels, steps)
    checked = validate_inputs(
        indicator.inputs, indicator.constraints, response.values if response else {}
    )
    if not checked.is_valid:
        steps = (Message(_("Some inputs are not valid: 0 points until they are corrected.")),)
        return _result(indicator, INVALID, ZERO, checked.values, labels, steps, checked)
    # An input the rule needs and was left empty leaves the indicator unanswered, even when the
    # input is optional (``required: false``): the rule cannot compute without its value.
    if set(indicator.rule.input_codes()) - set(checked.values):
        steps = (Message(_("Not answered yet: 0 points.")),)
        return _result(indicator, UNANSWERED, ZERO, checked.values, labels, steps, checked)
    outcome = indicator.rule.compute(checked.values, indicator.max_points)
    steps = list(outcome.steps)
    if outcome.not_applicable:
        return _result(indicator, NOT_APPLICABLE, ZERO, checked.values, labels, tuple(steps))
    # Lower than the indicator's max when some of its sub-criteria do not apply.
    max_points = outcome.max_points if outcome.max_points is not None else indicator.max_points
    points = outcome.points
    for deduction in indicator.deductions:
        amount = deduction.amount(checked.values)
        if amount:
            steps.append(
                Message(
                    _("Deduction for {label}: −{amount}."),
                    {
                        "label": labels.get(deduction.input, deduction.input),
                        "amount": shown(amount),
                    },
                )
            )
            points -= amount
    for bonus in indicator.bonuses:
        amount = bonus.amount(checked.values)
        if amount:
            steps.append(
                Message(
                    _("Bonus for {label}: +{amount}."),
                    {"label": labels.get(bonus.input, bonus.input), "amount": shown(amount)},
                )
            )
            points += amount
    capped = clamp(points, ZERO, max_points)
    if capped != points:
        steps.append(Message(_("Limited to the range 0 to {max} points."), {"max": max_points}))
    final = round_points(capped)
    steps.append(Message(_("Points: {points} / {max}."), {"points": final, "max": max_points}))
    return _result(
        indicator, SCORED, final, checked.values, labels, tuple(steps), checked, max_points
    )


def _result(
    indicator: IndicatorDef,
    status: str,
    points: Decimal,
    values: Mapping[str, Any],
    labels: Mapping[str, LocalText],
    steps: tuple[Message, ...],
    checked: ValidatedInputs | None = None,
    applicable_max: Decimal | None = None,
) -> IndicatorScore:
    """``applicable_max``: the maximum of a scored indicator whose sub-criteria partly apply."""
    if status == NOT_APPLICABLE:
        max_points = ZERO
    else:
        max_points = indicator.max_points if applicable_max is None else applicable_max
    trace = Trace(
        indicator_code=indicator.code,
        rule_type=indicator.rule.type,
        max_points=max_points,
        inputs=dict(values),
        input_labels=labels,
        steps=steps,
        points=points,
        status=status,
    )
    return IndicatorScore(
        code=indicator.code,
        status=status,
        points=points,
        max_points=max_points,
        trace=trace,
        errors=dict(checked.errors) if checked else {},
        missing=tuple(checked.missing) if checked else (),
    )


@dataclass(frozen=True)
class GroupScore:
    code: str
    points: Decimal
    max_points: Decimal  # applicable max

    @property
    def value(self) -> Decimal | None:
        return round_dti(self.points / self.max_points) if self.max_points else None


@dataclass(frozen=True)
class AssessmentScore:
    indicators: Mapping[str, IndicatorScore]
    groups: Mapping[str, GroupScore]
    points: Decimal
    max_points: Decimal  # applicable max

    @property
    def dti_value(self) -> Decimal:
        """Points / applicable max in [0, 1]; 0 when nothing applies."""
        return round_dti(self.points / self.max_points) if self.max_points else ZERO


class ScoreMemo:
    """Indicator scores already computed, by indicator and response.

    An indicator's score depends only on its definition and the response, so scoring a whole
    campaign at once (``dti.results.recompute``) scores each distinct answer once: an accepted
    appraisal repeats the agency's own values, and many agencies give the same answer. Keep one
    memo per framework definition; scores are immutable and may be shared.
    """

    def __init__(self) -> None:
        self._scores: dict[tuple, IndicatorScore] = {}
        self.hits = 0

    def score(self, indicator: IndicatorDef, response: ResponseData | None) -> IndicatorScore:
        key = _memo_key(indicator, response)
        if key is None:
            return score_indicator(indicator, response)
        score = self._scores.get(key)
        if score is None:
            score = self._scores[key] = score_indicator(indicator, response)
        else:
            self.hits += 1
        return score


def _memo_key(indicator: IndicatorDef, response: ResponseData | None) -> tuple | None:
    """A hashable form of the response, or None when a value cannot be hashed."""
    if response is None:
        return (indicator.code,)
    # The type is part of the key: 1, 1.0 and True are equal in Python but not as inputs.
    values = tuple(
        (code, type(value).__name__, tuple(value) if isinstance(value, list) else value)
        for code, value in sorted(response.values.items())
    )
    key = (indicator.code, response.not_applicable, values)
    try:
        hash(key)
    except TypeError:
        return None
    return key


def score_assessment(
    framework: FrameworkDef,
    responses: Mapping[str, ResponseData],
    agency_flags: frozenset[str] | set[str] = frozenset(),
    memo: ScoreMemo | None = None,
) -> AssessmentScore:
    """Score every indicator that applies to the agency, then add up groups and the total.

    Indicators that do not apply to the agency (by flag) are left out entirely; indicators
    declared or computed not applicable count neither points nor maximum. ``memo`` reuses the
    scores of answers already seen (for bulk scoring; the result is the same without it).
    """
    score_one = memo.score if memo is not None else score_indicator
    scores = {
        indicator.code: score_one(indicator, responses.get(indicator.code))
        for group in framework.groups
        for indicator in group.indicators
        if indicator.applies_to(agency_flags)
    }
    return aggregate_scores(framework, scores, agency_flags)


def aggregate_scores(
    framework: FrameworkDef,
    scores: Mapping[str, IndicatorScore],
    agency_flags: frozenset[str] | set[str] = frozenset(),
    score_unanswered: Callable[[IndicatorDef], IndicatorScore] | None = None,
) -> AssessmentScore:
    """Groups and total of indicator scores computed already (by ``score_indicator``): what
    ``score_assessment`` does after scoring, for callers that score each distinct answer once
    across many assessments. Only the indicators that apply to the agency count; one without
    a score counts as unanswered (``score_unanswered`` may memoise that score)."""
    unanswered = score_unanswered or (lambda indicator: score_indicator(indicator, None))
    indicator_scores: dict[str, IndicatorScore] = {}
    group_scores: dict[str, GroupScore] = {}
    for group in framework.groups:
        points, max_points = ZERO, ZERO
        for indicator in group.indicators:
            if not indicator.applies_to(agency_flags):
                continue
            score = scores.get(indicator.code) or unanswered(indicator)
            indicator_scores[indicator.code] = score
            points += score.points
            max_points += score.max_points
        group_scores[group.code] = GroupScore(group.code, points, max_points)
    return AssessmentScore(
        indicators=indicator_scores,
        groups=group_scores,
        points=sum((group.points for group in group_scores.values()), ZERO),
        max_points=sum((group.max_points for group in group_scores.values()), ZERO),
    )
