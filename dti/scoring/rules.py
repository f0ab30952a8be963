"""Rule types: how an indicator's inputs become points.

Each rule is a frozen dataclass with ``compute(values, max_points)`` returning a ``RuleOutcome``:
the raw points (before the indicator caps them to [0, max]) and the trace steps explaining them.
A rule may instead decide that the indicator does not apply (e.g. a ratio whose denominator is 0
when the rule says so); then the indicator leaves both the points and the maximum. A sum rule
whose sub-criteria partly do not apply lowers the maximum instead: the sub-criteria that do not
apply leave both its points and its maximum, as a whole indicator would.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar

from .expressions import DivisionByZero, Expression
from .messages import LocalText, Message, _
from .numbers import clamp, shown

RATIO_QUANTUM = Decimal("0.0001")
# What a rule does when it would divide by zero.
ZERO_DIVISION_OUTCOMES = ("full", "zero", "not_applicable")


@dataclass
class RuleOutcome:
    points: Decimal | None  # None: the indicator does not apply
    steps: list[Message] = field(default_factory=list)
    max_points: Decimal | None = None  # the applicable maximum, when lower than the indicator's

    @property
    def not_applicable(self) -> bool:
        return self.points is None


def _zero_division(outcome: str, max_points: Decimal, steps: list[Message]) -> RuleOutcome:
    if outcome == "full":
        steps.append(
            Message(
                _("Division by zero: the rule gives the full {points} points."),
                {"points": max_points},
            )
        )
        return RuleOutcome(max_points, steps)
    if outcome == "zero":
        steps.append(Message(_("Division by zero: the rule gives 0 points.")))
        return RuleOutcome(Decimal(0), steps)
    steps.append(Message(_("Division by zero: the indicator does not apply to this agency.")))
    return RuleOutcome(None, steps)


@dataclass(frozen=True)
class RatioRule:
    """points = scale × numerator / denominator (scale defaults to the indicator's max)."""

    type: ClassVar[str] = "ratio"
    numerator: str
    denominator: str
    if_denominator_zero: str = "not_applicable"
    scale: Decimal | None = None

    def input_codes(self) -> tuple[str, ...]:
        return (self.numerator, self.denominator)

    def compute(self, values: Mapping[str, Any], max_points: Decimal) -> RuleOutcome:
        numerator, denominator = Decimal(values[self.numerator]), Decimal(values[self.denominator])
        steps: list[Message] = []
        if denominator == 0:
            return _zero_division(self.if_denominator_zero, max_points, steps)
        ratio = numerator / denominator
        scale = self.scale if self.scale is not None else max_points
        steps.append(
            Message(
                _("Ratio {numerator} / {denominator} = {ratio}."),
                {
                    "numerator": numerator,
                    "denominator": denominator,
                    "ratio": shown(ratio, RATIO_QUANTUM),
                },
            )
        )
        points = scale * ratio
        steps.append(
            Message(
                _("Points = {scale} × {ratio} = {points}."),
                {
                    "scale": scale,
                    "ratio": shown(ratio, RATIO_QUANTUM),
                    "points": shown(points),
                },
            )
        )
        return RuleOutcome(points, steps)


@dataclass(frozen=True)
class Band:
    """One row of a steps table: applies when minimum <= value <= maximum (either may be open)."""

    points: Decimal
    minimum: Any = None
    maximum: Any = None

    def matches(self, value: Any) -> bool:
        above = self.minimum is None or value >= self.minimum
        below = self.maximum is None or value <= self.maximum
        return above and below


@dataclass(frozen=True)
class StepsRule:
    """A value (an input or an expression over inputs) looked up in an ordered band table.

    Bands are tried top-down and the first that matches gives the points; ``otherwise`` applies
    when none matches.
    """

    type: ClassVar[str] = "steps"
    value: Expression
    bands: tuple[Band, ...]
    otherwise: Decimal = Decimal(0)
    if_division_by_zero: str = "zero"

    def input_codes(self) -> tuple[str, ...]:
        return tuple(sorted(self.value.names))

    def compute(self, values: Mapping[str, Any], max_points: Decimal) -> RuleOutcome:
        steps: list[Message] = []
        if len(self.value.names) == 1 and self.value.text in values:
            value = values[self.value.text]  # a single input keeps its type (e.g. a date)
        else:
            try:
                value = self.value.evaluate(_numbers(values, self.value.names))
            except DivisionByZero:
                return _zero_division(self.if_division_by_zero, max_points, steps)
            steps.append(
                Message(
                    _("Value {expression} = {value}."),
                    {"expression": self.value.text, "value": shown(value)},
                )
            )
        for band in self.bands:
            if band.matches(value):
                steps.append(
                    Message(
                        _("{value} falls in the band {band}: {points} points."),
                        {
                            "value": _shown_value(value),
                            "band": describe_band(band),
                            "points": band.points,
                        },
                    )
                )
                return RuleOutcome(band.points, steps)
        steps.append(
            Message(
                _("{value} falls in no band: {points} points."),
                {"value": _shown_value(value), "points": self.otherwise},
            )
        )
        return RuleOutcome(self.otherwise, steps)


def describe_band(band: Band) -> Message:
    if band.minimum is not None and band.minimum == band.maximum:
        return Message(_("equal to {value}"), {"value": band.minimum})
    if band.minimum is not None and band.maximum is not None:
        return Message(
            _("from {minimum} to {maximum}"), {"minimum": band.minimum, "maximum": band.maximum}
        )
    if band.minimum is not None:
        return Message(_("at least {minimum}"), {"minimum": band.minimum})
    return Message(_("at most {maximum}"), {"maximum": band.maximum})


@dataclass(frozen=True)
class BooleanRule:
    """Yes gives ``points_if_true`` (default: the max), no gives ``points_if_false`` (default 0)."""

    type: ClassVar[str] = "boolean"
    input: str
    points_if_true: Decimal | None = None
    points_if_false: Decimal = Decimal(0)

    def input_codes(self) -> tuple[str, ...]:
        return (self.input,)

    def compute(self, values: Mapping[str, Any], max_points: Decimal) -> RuleOutcome:
        answer = bool(values[self.input])
        if answer:
            points = self.points_if_true if self.points_if_true is not None else max_points
        else:
            points = self.points_if_false
        return RuleOutcome(
            points,
            [Message(_("Answer {answer}: {points} points."), {"answer": answer, "points": points})],
        )


@dataclass(frozen=True)
class ChoiceRule:
    """Each option of a choice input gives stated points (e.g. full / partial / none)."""

    type: ClassVar[str] = "choice"
    input: str
    points: tuple[tuple[str, Decimal], ...]

    def input_codes(self) -> tuple[str, ...]:
        return (self.input,)

    def compute(self, values: Mapping[str, Any], max_points: Decimal) -> RuleOutcome:
        answer = values[self.input]
        points = dict(self.points)[answer]
        return RuleOutcome(
            points,
            [Message(_("Option {answer}: {points} points."), {"answer": answer, "points": points})],
        )


@dataclass(frozen=True)
class FormulaRule:
    """An arithmetic expression over the inputs; its value is the points."""

    type: ClassVar[str] = "formula"
    expression: Expression
    if_division_by_zero: str = "zero"

    def input_codes(self) -> tuple[str, ...]:
        return tuple(sorted(self.expression.names))

    def compute(self, values: Mapping[str, Any], max_points: Decimal) -> RuleOutcome:
        steps: list[Message] = []
        try:
            points = self.expression.evaluate(_numbers(values, self.expression.names))
        except DivisionByZero:
            return _zero_division(self.if_division_by_zero, max_points, steps)
        steps.append(
            Message(
                _("Formula {expression} = {points}."),
                {"expression": self.expression.text, "points": shown(points)},
            )
        )
        return RuleOutcome(points, steps)


@dataclass(frozen=True)
class ManualRule:
    """Points entered directly (appraiser's judgement), within [0, max]."""

    type: ClassVar[str] = "manual"
    input: str = "points"

    def input_codes(self) -> tuple[str, ...]:
        return (self.input,)

    def compute(self, values: Mapping[str, Any], max_points: Decimal) -> RuleOutcome:
        points = Decimal(values[self.input])
        return RuleOutcome(
            points, [Message(_("Points entered directly: {points}."), {"points": points})]
        )


@dataclass(frozen=True)
class SubCriterion:
    code: str
    name: LocalText
    max_points: Decimal
    rule: Rule


@dataclass(frozen=True)
class SumRule:
    """The points of the sub-criteria, each capped at its own max, added up."""

    type: ClassVar[str] = "sum"
    criteria: tuple[SubCriterion, ...]

    def input_codes(self) -> tuple[str, ...]:
        codes: list[str] = []
        for criterion in self.criteria:
            codes.extend(code for code in criterion.rule.input_codes() if code not in codes)
        return tuple(codes)

    def compute(self, values: Mapping[str, Any], max_points: Decimal) -> RuleOutcome:
        steps: list[Message] = []
        total = applicable = Decimal(0)
        applying = 0
        for criterion in self.criteria:
            outcome = criterion.rule.compute(values, criterion.max_points)
            if outcome.not_applicable:
                steps.append(
                    Message(
                        _(
                            "Sub-criterion {code} ({name}): division by zero, so it does not "
                            "apply; its {max} points leave the maximum."
                        ),
                        {
                            "code": criterion.code,
                            "name": criterion.name,
                            "max": criterion.max_points,
                        },
                    )
                )
                continue
            points = clamp(outcome.points, Decimal(0), criterion.max_points)
            steps.append(
                Message(
                    _("Sub-criterion {code} ({name}): {points} / {max} points."),
                    {
                        "code": criterion.code,
                        "name": criterion.name,
                        "points": shown(points),
                        "max": criterion.max_points,
                    },
                )
            )
            steps.extend(outcome.steps)
            total += points
            applicable += criterion.max_points
            applying += 1
        if not applying:
            steps.append(Message(_("No sub-criterion applies: the indicator does not apply.")))
            return RuleOutcome(None, steps)
        applicable_max = min(applicable, max_points)
        if applicable_max < max_points:
            steps.append(
                Message(
                    _("Sum of the sub-criteria = {points} of an applicable maximum of {max}."),
                    {"points": shown(total), "max": applicable_max},
                )
            )
            return RuleOutcome(total, steps, applicable_max)
        steps.append(Message(_("Sum of the sub-criteria = {points}."), {"points": shown(total)}))
        return RuleOutcome(total, steps)


Rule = RatioRule | StepsRule | BooleanRule | ChoiceRule | FormulaRule | ManualRule | SumRule
RULE_TYPES = ("ratio", "steps", "boolean", "choice", "sum", "formula", "manual")


@dataclass(frozen=True)
class Adjustment:
    """A deduction (or bonus) of ``points_each`` per unit of an input, up to ``limit`` in all."""

    input: str
    points_each: Decimal
    limit: Decimal | None = None
    label: LocalText = field(default_factory=LocalText)

    def amount(self, values: Mapping[str, Any]) -> Decimal:
        count = values.get(self.input)
        if count is None:
            return Decimal(0)
        amount = Decimal(int(count) if isinstance(count, bool) else count) * self.points_each
        return min(amount, self.limit) if self.limit is not None else amount


def _shown_value(value: Any) -> Any:
    """A value looked up in bands: an input as entered (a date stays a date), or a computed one."""
    return shown(value) if isinstance(value, Decimal) else value


def _numbers(values: Mapping[str, Any], names: frozenset[str]) -> dict[str, Decimal]:
    return {
        name: Decimal(int(values[name]) if isinstance(values[name], bool) else values[name])
        for name in names
    }
