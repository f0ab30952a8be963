"""Build engine definitions from plain specs (the dicts of a framework file), path by path.

Every builder returns what it could build and a list of ``Problem`` naming the place
(``rule.bands[2].points``) and the reason, so a file with many mistakes reports all of them.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from .expressions import ExpressionError, parse_expression
from .inputs import INPUT_KINDS, NUMERIC_KINDS, Choice, Constraint, InputSpec, parse_constraint
from .messages import LocalText, Message, _
from .model import IndicatorDef
from .rules import (
    RULE_TYPES,
    ZERO_DIVISION_OUTCOMES,
    Adjustment,
    Band,
    BooleanRule,
    ChoiceRule,
    FormulaRule,
    ManualRule,
    RatioRule,
    Rule,
    StepsRule,
    SubCriterion,
    SumRule,
)


@dataclass(frozen=True)
class Problem:
    path: str
    message: Message

    def render(self, renderer: Any = None) -> str:
        return f"{self.path}: {self.message.render(renderer)}"


class Problems(list):
    """A list of ``Problem`` with helpers to add one at a path."""

    def add(self, path: str, text: str, **params: Any) -> None:
        self.append(Problem(path, Message(text, params)))


def join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def local_text(value: Any, path: str, problems: Problems, required: bool = True) -> LocalText:
    """``{vi: ..., en: ...}`` or a plain string (Vietnamese)."""
    if value is None or value == "":
        if required:
            problems.add(path, _("This field is required."))
        return LocalText()
    if isinstance(value, str):
        return LocalText(vi=value)
    if isinstance(value, Mapping) and set(value) <= {"vi", "en"}:
        vi, en = value.get("vi") or "", value.get("en") or ""
        if not isinstance(vi, str) or not isinstance(en, str):
            problems.add(path, _("Texts must be strings."))
            return LocalText()
        if required and not vi:
            problems.add(join(path, "vi"), _("The Vietnamese text is required."))
        return LocalText(vi=vi, en=en)
    problems.add(path, _("Expected a text or a mapping with the keys vi and en."))
    return LocalText()


def decimal(
    value: Any, path: str, problems: Problems, required: bool = True, allow_negative: bool = False
) -> Decimal | None:
    if value is None or value == "":
        if required:
            problems.add(path, _("This field is required."))
        return None
    if isinstance(value, bool):
        problems.add(path, _("Expected a number, found {value!r}."), value=value)
        return None
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value).strip())
    except InvalidOperation:
        problems.add(path, _("Expected a number, found {value}."), value=str(value))
        return None
    if not number.is_finite():
        problems.add(path, _("Expected a number, found {value}."), value=str(value))
        return None
    if number < 0 and not allow_negative:
        problems.add(path, _("The number cannot be negative."))
        return None
    return number


UNQUOTED_CODE = _(
    'Write codes in quotes, e.g. "6.10": unquoted, YAML reads 6.10 as the number 6.1.'
)


def code_text(value: Any, path: str, problems: Problems) -> str:
    if value is None or str(value).strip() == "":
        problems.add(path, _("This field is required."))
        return ""
    return str(value).strip()


def quoted_code(value: Any, path: str, problems: Problems) -> str:
    """A code (of a framework, group, indicator, sub-criterion or input), which must be text: an
    unquoted 6.10 has already become the number 6.1, a different code."""
    if value is not None and not isinstance(value, str):
        problems.add(path, UNQUOTED_CODE)
    return code_text(value, path, problems)


def build_input(spec: Any, path: str, problems: Problems) -> InputSpec | None:
    if not isinstance(spec, Mapping):
        problems.add(path, _("Expected a mapping describing the input."))
        return None
    code = quoted_code(spec.get("code"), join(path, "code"), problems)
    if code and not code.isidentifier():
        problems.add(
            join(path, "code"),
            _("Input codes are letters, digits and _ (not starting with a digit)."),
        )
    kind = spec.get("type")
    if kind not in INPUT_KINDS:
        problems.add(
            join(path, "type"),
            _("Unknown input type {kind!r}; expected one of {kinds}."),
            kind=kind,
            kinds=", ".join(INPUT_KINDS),
        )
        return None
    label = local_text(spec.get("label"), join(path, "label"), problems)
    bounds = [_bound(kind, spec.get(key), join(path, key), problems) for key in ("min", "max")]
    if None not in bounds and bounds[0] > bounds[1]:
        problems.add(join(path, "min"), _("The minimum is larger than the maximum."))
    choices: list[Choice] = []
    if kind == "choice":
        raw_choices = spec.get("choices")
        if not isinstance(raw_choices, list) or not raw_choices:
            problems.add(join(path, "choices"), _("A choice input needs a list of choices."))
        else:
            for index, raw in enumerate(raw_choices):
                choice_path = join(join(path, "choices"), index)
                if not isinstance(raw, Mapping):
                    problems.add(choice_path, _("Expected a mapping with value and label."))
                    continue
                value = code_text(raw.get("value"), join(choice_path, "value"), problems)
                choices.append(
                    Choice(
                        value, local_text(raw.get("label"), join(choice_path, "label"), problems)
                    )
                )
    required = spec.get("required", True)
    if not isinstance(required, bool):
        problems.add(join(path, "required"), _("Expected true or false."))
        required = True
    return InputSpec(
        code=code,
        kind=kind,
        label=label,
        unit=str(spec.get("unit") or ""),
        minimum=bounds[0],
        maximum=bounds[1],
        choices=tuple(choices),
        required=required,
    )


def _bound(kind: str, value: Any, path: str, problems: Problems) -> Any:
    if value is None:
        return None
    if kind == "date":
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            problems.add(path, _("Expected a date as YYYY-MM-DD."))
            return None
    if kind in NUMERIC_KINDS:
        return decimal(value, path, problems, allow_negative=True)
    problems.add(path, _("Only number and date inputs have bounds."))
    return None


def build_rule(
    spec: Any,
    path: str,
    problems: Problems,
    max_points: Decimal | None,
    inputs: Mapping[str, InputSpec],
    criteria: Any = None,
    criteria_path: str = "",
) -> Rule | None:
    """Build one rule; ``inputs`` are the indicator's inputs the rule may refer to."""
    if not isinstance(spec, Mapping):
        problems.add(path, _("Expected a mapping with at least a type."))
        return None
    kind = spec.get("type")
    if kind not in RULE_TYPES:
        problems.add(
            join(path, "type"),
            _("Unknown rule type {kind!r}; expected one of {kinds}."),
            kind=kind,
            kinds=", ".join(RULE_TYPES),
        )
        return None
    builder = {
        "ratio": _ratio,
        "steps": _steps,
        "boolean": _boolean,
        "choice": _choice,
        "formula": _formula,
        "manual": _manual,
    }.get(kind)
    if builder is not None:
        return builder(spec, path, problems, max_points, inputs)
    return _sum(criteria, criteria_path, problems, max_points, inputs)


def _refer(
    spec: Mapping,
    key: str,
    path: str,
    problems: Problems,
    inputs: Mapping[str, InputSpec],
    kinds: tuple[str, ...] = INPUT_KINDS,
) -> str:
    code = spec.get(key)
    if not code:
        problems.add(join(path, key), _("This field is required."))
        return ""
    code = str(code)
    if code not in inputs:
        problems.add(join(path, key), _("The rule refers to an unknown input {code!r}."), code=code)
    elif inputs[code].kind not in kinds:
        problems.add(
            join(path, key),
            _("The input {code!r} must be of type {kinds}."),
            code=code,
            kinds=" / ".join(kinds),
        )
    return code


def _zero_outcome(
    spec: Mapping, key: str, path: str, problems: Problems, default: str | None
) -> str:
    outcome = spec.get(key, default)
    if outcome not in ZERO_DIVISION_OUTCOMES:
        problems.add(
            join(path, key),
            _("State what division by zero gives: one of {choices}."),
            choices=", ".join(ZERO_DIVISION_OUTCOMES),
        )
        return "zero"
    return outcome


def _ratio(spec, path, problems, max_points, inputs) -> Rule:
    numeric = NUMERIC_KINDS
    numerator = _refer(spec, "numerator", path, problems, inputs, numeric)
    denominator = _refer(spec, "denominator", path, problems, inputs, numeric)
    outcome = _zero_outcome(spec, "if_denominator_zero", path, problems, None)
    scale = decimal(spec.get("scale"), join(path, "scale"), problems, required=False)
    return RatioRule(numerator, denominator, outcome, scale)


def _expression(text: Any, path: str, problems: Problems, inputs: Mapping[str, InputSpec]):
    try:
        expression = parse_expression(str(text) if text is not None else "")
    except ExpressionError as error:
        problems.append(Problem(path, error.message))
        return None
    for name in sorted(expression.names - set(inputs)):
        problems.add(path, _("The expression refers to an unknown input {code!r}."), code=name)
    for name in sorted(expression.names & set(inputs)):
        if inputs[name].kind in ("date", "choice"):
            problems.add(path, _("The input {code!r} is not a number."), code=name)
    return expression


def _steps(spec, path, problems, max_points, inputs) -> Rule | None:
    raw_value = spec.get("value")
    value_kind = "decimal"
    if isinstance(raw_value, str) and raw_value.strip() in inputs:
        # A single input may be compared as it is, dates included.
        value_kind = inputs[raw_value.strip()].kind
        expression = parse_expression(raw_value.strip())
        if value_kind in ("boolean", "choice"):
            problems.add(
                join(path, "value"),
                _("A steps rule needs a number or a date; use a {kind} rule instead."),
                kind=value_kind,
            )
    else:
        expression = _expression(raw_value, join(path, "value"), problems, inputs)
    raw_bands = spec.get("bands")
    bands: list[Band] = []
    if not isinstance(raw_bands, list) or not raw_bands:
        problems.add(join(path, "bands"), _("A steps rule needs a list of bands."))
    else:
        for index, raw in enumerate(raw_bands):
            band_path = join(join(path, "bands"), index)
            if not isinstance(raw, Mapping):
                problems.add(band_path, _("Expected a mapping with min and/or max and points."))
                continue
            points = decimal(raw.get("points"), join(band_path, "points"), problems)
            kind = "date" if value_kind == "date" else "decimal"
            low = _bound(kind, raw.get("min"), join(band_path, "min"), problems)
            high = _bound(kind, raw.get("max"), join(band_path, "max"), problems)
            if low is None and high is None:
                problems.add(band_path, _("A band needs a min, a max or both."))
            elif low is not None and high is not None and low > high:
                problems.add(
                    join(band_path, "min"),
                    _("The band's min is larger than its max: no value can fall in it."),
                )
            _at_most_max(points, join(band_path, "points"), problems, max_points)
            if points is not None:
                bands.append(Band(points, low, high))
    otherwise = decimal(spec.get("otherwise", 0), join(path, "otherwise"), problems)
    _at_most_max(otherwise, join(path, "otherwise"), problems, max_points)
    outcome = _zero_outcome(spec, "if_division_by_zero", path, problems, "zero")
    if expression is None:
        return None
    return StepsRule(expression, tuple(bands), otherwise or Decimal(0), outcome)


def _at_most_max(
    points: Decimal | None, path: str, problems: Problems, max_points: Decimal | None
) -> None:
    """Points a part of a rule gives cannot be more than the indicator (or sub-criterion) has."""
    if points is not None and max_points is not None and points > max_points:
        problems.add(
            path,
            _("{points} points is more than the maximum {max}."),
            points=points,
            max=max_points,
        )


def _boolean(spec, path, problems, max_points, inputs) -> Rule:
    code = _refer(spec, "input", path, problems, inputs, ("boolean",))
    if_true = decimal(
        spec.get("points_if_true"), join(path, "points_if_true"), problems, required=False
    )
    if_false = decimal(spec.get("points_if_false", 0), join(path, "points_if_false"), problems)
    _at_most_max(if_true, join(path, "points_if_true"), problems, max_points)
    _at_most_max(if_false, join(path, "points_if_false"), problems, max_points)
    return BooleanRule(code, if_true, if_false or Decimal(0))


def _choice(spec, path, problems, max_points, inputs) -> Rule:
    code = _refer(spec, "input", path, problems, inputs, ("choice",))
    raw_points = spec.get("points")
    points: list[tuple[str, Decimal]] = []
    if not isinstance(raw_points, Mapping) or not raw_points:
        problems.add(join(path, "points"), _("Give the points of each choice."))
    else:
        for value, raw in raw_points.items():
            number = decimal(raw, join(join(path, "points"), str(value)), problems)
            _at_most_max(number, join(join(path, "points"), str(value)), problems, max_points)
            if number is not None:
                points.append((str(value), number))
        if code in inputs:
            offered = {choice.value for choice in inputs[code].choices}
            for value in sorted(offered - {value for value, _points in points}):
                problems.add(
                    join(path, "points"),
                    _("No points given for the choice {value!r}."),
                    value=value,
                )
            for value, _points in points:
                if value not in offered:
                    problems.add(
                        join(join(path, "points"), value),
                        _("{value!r} is not one of the input's choices."),
                        value=value,
                    )
    return ChoiceRule(code, tuple(points))


def _formula(spec, path, problems, max_points, inputs) -> Rule | None:
    expression = _expression(spec.get("expression"), join(path, "expression"), problems, inputs)
    outcome = _zero_outcome(spec, "if_division_by_zero", path, problems, "zero")
    return FormulaRule(expression, outcome) if expression is not None else None


def _manual(spec, path, problems, max_points, inputs) -> Rule:
    code = _refer(
        {"input": spec.get("input", "points")}, "input", path, problems, inputs, NUMERIC_KINDS
    )
    return ManualRule(code)


def _sum(criteria, path, problems, max_points, inputs) -> Rule | None:
    if not isinstance(criteria, list) or not criteria:
        problems.add(path, _("A sum rule needs the indicator's criteria (sub-criteria)."))
        return None
    built: list[SubCriterion] = []
    total = Decimal(0)
    seen: set[str] = set()
    for index, raw in enumerate(criteria):
        item_path = join(path, index)
        if not isinstance(raw, Mapping):
            problems.add(item_path, _("Expected a mapping describing the sub-criterion."))
            continue
        code = quoted_code(raw.get("code"), join(item_path, "code"), problems)
        if code in seen:
            problems.add(join(item_path, "code"), _("Duplicate code {code!r}."), code=code)
        seen.add(code)
        name = local_text(raw.get("name"), join(item_path, "name"), problems)
        criterion_max = decimal(raw.get("max_points"), join(item_path, "max_points"), problems)
        _at_most_max(criterion_max, join(item_path, "max_points"), problems, max_points)
        rule_spec = raw.get("rule")
        if isinstance(rule_spec, Mapping) and rule_spec.get("type") == "sum":
            problems.add(
                join(join(item_path, "rule"), "type"),
                _("Sub-criteria cannot have sub-criteria of their own."),
            )
            continue
        rule = build_rule(rule_spec, join(item_path, "rule"), problems, criterion_max, inputs)
        if rule is not None and criterion_max is not None:
            built.append(SubCriterion(code, name, criterion_max, rule))
            total += criterion_max
    if max_points is not None and built and total < max_points:
        problems.add(
            path,
            _("The sub-criteria add up to {total}, less than the indicator's maximum {max}."),
            total=total,
            max=max_points,
        )
    return SumRule(tuple(built))


def build_adjustments(
    raw: Any, path: str, problems: Problems, inputs: Mapping[str, InputSpec]
) -> tuple[Adjustment, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        problems.add(path, _("Expected a list."))
        return ()
    built = []
    for index, item in enumerate(raw):
        item_path = join(path, index)
        if not isinstance(item, Mapping):
            problems.add(item_path, _("Expected a mapping with input and points_each."))
            continue
        code = _refer(item, "input", item_path, problems, inputs, (*NUMERIC_KINDS, "boolean"))
        each = decimal(item.get("points_each"), join(item_path, "points_each"), problems)
        limit = decimal(item.get("limit"), join(item_path, "limit"), problems, required=False)
        label = local_text(item.get("label"), join(item_path, "label"), problems, required=False)
        if each is not None:
            built.append(Adjustment(code, each, limit, label))
    return tuple(built)


def build_constraints(
    raw: Any, path: str, problems: Problems, inputs: Mapping[str, InputSpec]
) -> tuple[Constraint, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        problems.add(path, _('Expected a list of comparisons such as "online <= total".'))
        return ()
    built = []
    for index, text in enumerate(raw):
        constraint = parse_constraint(text)
        if constraint is None:
            problems.add(
                join(path, index),
                _('Expected a comparison such as "online <= total", found {text!r}.'),
                text=str(text),
            )
            continue
        for operand in constraint.operands():
            if operand not in inputs:
                problems.add(
                    join(path, index),
                    _("The constraint refers to an unknown input {code!r}."),
                    code=operand,
                )
        built.append(constraint)
    return tuple(built)


def build_indicator(spec: Mapping[str, Any], path: str, problems: Problems) -> IndicatorDef | None:
    """The scoring part of an indicator spec: inputs, constraints, rule, deductions, bonuses."""
    code = quoted_code(spec.get("code"), join(path, "code"), problems)
    name = local_text(spec.get("name"), join(path, "name"), problems)
    max_points = decimal(spec.get("max_points"), join(path, "max_points"), problems)
    inputs_raw = spec.get("inputs") or []
    inputs: dict[str, InputSpec] = {}
    if not isinstance(inputs_raw, list):
        problems.add(join(path, "inputs"), _("Expected a list of inputs."))
        inputs_raw = []
    for index, raw in enumerate(inputs_raw):
        input_path = join(join(path, "inputs"), index)
        built = build_input(raw, input_path, problems)
        if built is None:
            continue
        if built.code in inputs:
            problems.add(join(input_path, "code"), _("Duplicate code {code!r}."), code=built.code)
        inputs[built.code] = built
    constraints = build_constraints(
        spec.get("constraints"), join(path, "constraints"), problems, inputs
    )
    rule_spec = spec.get("rule")
    if rule_spec is None:
        problems.add(join(path, "rule"), _("This field is required."))
        rule = None
    else:
        rule = build_rule(
            rule_spec,
            join(path, "rule"),
            problems,
            max_points,
            inputs,
            criteria=spec.get("criteria"),
            criteria_path=join(path, "criteria"),
        )
    if spec.get("criteria") and isinstance(rule_spec, Mapping) and rule_spec.get("type") != "sum":
        problems.add(join(path, "criteria"), _("Only a sum rule has sub-criteria."))
    if isinstance(rule, ManualRule) and rule.input in inputs and max_points is not None:
        bound = inputs[rule.input].upper_bound
        if bound is None or bound > max_points:
            problems.add(
                join(path, "inputs"),
                _("The manual points input {code!r} needs a max of at most {max}."),
                code=rule.input,
                max=max_points,
            )
    deductions = build_adjustments(
        spec.get("deductions"), join(path, "deductions"), problems, inputs
    )
    bonuses = build_adjustments(spec.get("bonuses"), join(path, "bonuses"), problems, inputs)
    applies_to = spec.get("applies_to") or "all"
    may_be_not_applicable = bool(spec.get("may_be_not_applicable", False))
    if rule is None or max_points is None:
        return None
    return IndicatorDef(
        code=code,
        name=name,
        max_points=max_points,
        rule=rule,
        inputs=tuple(inputs.values()),
        constraints=constraints,
        deductions=deductions,
        bonuses=bonuses,
        applies_to_flag=None if applies_to == "all" else str(applies_to),
        may_be_not_applicable=may_be_not_applicable,
    )
