"""Typed inputs of an indicator: parsing, bounds and cross-field constraints.

Raw values come from web forms, Excel cells, YAML examples or the JSON API. ``validate_inputs``
turns them into typed values (``int``, ``Decimal``, ``bool``, ``date`` or a choice value) and
collects every problem, keyed by the input's code, so a form can show each error next to its field.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from .messages import LocalText, Message, _

INPUT_KINDS = ("integer", "decimal", "percent", "boolean", "date", "choice")
NUMERIC_KINDS = ("integer", "decimal", "percent")
COMPARISONS = ("<=", "<", ">=", ">", "==", "!=")
MAX_MAGNITUDE = 15  # decimal digits before the point
NOT_A_NUMBER = _("Enter a number.")

_TRUE_WORDS = {"true", "yes", "1", "có", "co", "x", "đúng"}
_FALSE_WORDS = {"false", "no", "0", "không", "khong", "sai"}
_CONSTRAINT_PATTERN = re.compile(
    r"^\s*([A-Za-z_]\w*|-?\d+(?:\.\d+)?)\s*(<=|<|>=|>|==|!=)\s*([A-Za-z_]\w*|-?\d+(?:\.\d+)?)\s*$"
)


@dataclass(frozen=True)
class Choice:
    value: str
    label: LocalText


@dataclass(frozen=True)
class InputSpec:
    """One typed field of an indicator (e.g. ``meetings``: integer, unit "lần", at least 0)."""

    code: str
    kind: str
    label: LocalText
    unit: str = ""
    minimum: Any = None
    maximum: Any = None
    choices: tuple[Choice, ...] = ()
    required: bool = True

    @property
    def lower_bound(self) -> Any:
        if self.minimum is None and self.kind == "percent":
            return Decimal(0)
        return self.minimum

    @property
    def upper_bound(self) -> Any:
        if self.maximum is None and self.kind == "percent":
            return Decimal(100)
        return self.maximum

    def choice(self, value: str) -> Choice | None:
        return next((choice for choice in self.choices if choice.value == value), None)


@dataclass(frozen=True)
class Constraint:
    """``left op right`` between two inputs or an input and a number, e.g. ``online <= total``."""

    left: str
    operator: str
    right: str

    @property
    def text(self) -> str:
        return f"{self.left} {self.operator} {self.right}"

    def operands(self) -> tuple[str, ...]:
        return tuple(side for side in (self.left, self.right) if _is_name(side))

    def holds(self, values: Mapping[str, Any]) -> bool:
        left, right = _operand(self.left, values), _operand(self.right, values)
        return {
            "<=": left <= right,
            "<": left < right,
            ">=": left >= right,
            ">": left > right,
            "==": left == right,
            "!=": left != right,
        }[self.operator]


def parse_constraint(text: str) -> Constraint | None:
    """Parse ``"a <= b"``; ``None`` when the text is not a comparison of that form."""
    match = _CONSTRAINT_PATTERN.match(text) if isinstance(text, str) else None
    if not match:
        return None
    return Constraint(left=match.group(1), operator=match.group(2), right=match.group(3))


def _is_name(side: str) -> bool:
    return side[0].isalpha() or side[0] == "_"


def _operand(side: str, values: Mapping[str, Any]) -> Any:
    return values[side] if _is_name(side) else Decimal(side)


@dataclass
class ValidatedInputs:
    """Typed values that passed, the codes left empty and the problems found, per input code."""

    values: dict[str, Any] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    errors: dict[str, list[Message]] = field(default_factory=dict)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def is_complete(self) -> bool:
        return not self.errors and not self.missing

    def add_error(self, code: str, message: Message) -> None:
        self.errors.setdefault(code, []).append(message)


def is_empty(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def validate_inputs(
    specs: tuple[InputSpec, ...],
    constraints: tuple[Constraint, ...],
    raw_values: Mapping[str, Any],
) -> ValidatedInputs:
    """Parse every input, check its bounds, then the constraints between the valid ones."""
    result = ValidatedInputs()
    for spec in specs:
        raw = raw_values.get(spec.code)
        if is_empty(raw):
            if spec.required:
                result.missing.append(spec.code)
            continue
        value, problem = parse_value(spec, raw)
        if problem is not None:
            result.add_error(spec.code, problem)
            continue
        problem = check_bounds(spec, value)
        if problem is not None:
            result.add_error(spec.code, problem)
            continue
        result.values[spec.code] = value
    labels = {spec.code: spec.label for spec in specs}
    for constraint in constraints:
        checkable = all(code in result.values for code in constraint.operands())
        if checkable and not constraint.holds(result.values):
            field_code = constraint.left if _is_name(constraint.left) else constraint.right
            result.add_error(field_code, _constraint_message(constraint, labels, result.values))
    return result


def _constraint_message(
    constraint: Constraint, labels: Mapping[str, LocalText], values: Mapping[str, Any]
) -> Message:
    def describe(side: str) -> Any:
        return labels.get(side, side) if _is_name(side) else Decimal(side)

    return Message(
        _("{left} must be {operator} {right} (entered: {left_value} and {right_value})."),
        {
            "left": describe(constraint.left),
            "operator": constraint.operator.replace("<=", "≤").replace(">=", "≥"),
            "right": describe(constraint.right),
            "left_value": _operand(constraint.left, values),
            "right_value": _operand(constraint.right, values),
        },
    )


def parse_value(spec: InputSpec, raw: Any) -> tuple[Any, Message | None]:
    """Turn one raw value into the input's type, or return the reason it cannot be."""
    parser = {
        "integer": _parse_integer,
        "decimal": _parse_decimal,
        "percent": _parse_decimal,
        "boolean": _parse_boolean,
        "date": _parse_date,
        "choice": _parse_choice,
    }[spec.kind]
    return parser(spec, raw)


def _parse_integer(spec: InputSpec, raw: Any) -> tuple[Any, Message | None]:
    number, problem = _parse_decimal(spec, raw)
    if problem is not None and problem.text != NOT_A_NUMBER:
        return None, problem  # e.g. too large: say so rather than "not a whole number"
    if problem is not None:
        return None, Message(
            _("Enter a whole number: “{typed}” is not a number."), {"typed": str(raw).strip()}
        )
    if number != number.to_integral_value():
        return None, Message(_("Enter a whole number."))
    return int(number), None


def _parse_decimal(spec: InputSpec, raw: Any) -> tuple[Any, Message | None]:
    if isinstance(raw, bool):
        return None, Message(NOT_A_NUMBER)
    if isinstance(raw, int | Decimal):
        number = Decimal(raw)
    elif isinstance(raw, float):
        number = Decimal(str(raw))
    else:
        text = str(raw).strip().replace(" ", "").rstrip("%")
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None, Message(NOT_A_NUMBER)
    if not number.is_finite():
        return None, Message(NOT_A_NUMBER)
    # A value like "1e999999" parses, but turning it into an integer or computing with it can
    # take minutes: no indicator counts anything near a million billion. Its opposite,
    # "1e-999999", would let a formula divide past the largest decimal there is.
    if number and number.adjusted() > MAX_MAGNITUDE:
        return None, Message(_("The number is too large."))
    if number and number.adjusted() < -MAX_MAGNITUDE:
        return None, Message(_("The number is too close to zero; enter 0 instead."))
    return number, None


def _parse_boolean(spec: InputSpec, raw: Any) -> tuple[Any, Message | None]:
    if isinstance(raw, bool):
        return raw, None
    text = str(raw).strip().lower()
    if text in _TRUE_WORDS:
        return True, None
    if text in _FALSE_WORDS:
        return False, None
    return None, Message(_("Answer yes or no."))


def _parse_date(spec: InputSpec, raw: Any) -> tuple[Any, Message | None]:
    if isinstance(raw, datetime.datetime):
        return raw.date(), None
    if isinstance(raw, datetime.date):
        return raw, None
    text = str(raw).strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date(), None
        except ValueError:
            continue
    return None, Message(_("Enter a date as dd/mm/yyyy."))


def _parse_choice(spec: InputSpec, raw: Any) -> tuple[Any, Message | None]:
    value = str(raw).strip()
    if spec.choice(value) is None:
        return None, Message(
            _("Choose one of: {choices}."),
            {"choices": ", ".join(choice.value for choice in spec.choices)},
        )
    return value, None


def check_bounds(spec: InputSpec, value: Any) -> Message | None:
    if spec.kind in NUMERIC_KINDS and value < 0 and spec.lower_bound is None:
        return Message(_("The value cannot be negative."))
    lower, upper = spec.lower_bound, spec.upper_bound
    if lower is not None and value < lower:
        return Message(_("The value must be at least {minimum}."), {"minimum": lower})
    if upper is not None and value > upper:
        return Message(_("The value must be at most {maximum}."), {"maximum": upper})
    return None
