"""0 <= points <= max for every rule type, with deductions and bonuses (hypothesis).

The definitions are built from the engine's own dataclasses, including ones the framework
loader would refuse (band points above the maximum, a ratio scale of any size, bonuses larger
than the maximum), and the answers include what a form, a workbook or the API may send: empty
cells, text, numbers out of bounds, booleans for numbers. Whatever the definition and the
answer, the points of an indicator stay within its applicable maximum, which never exceeds the
indicator's, and are rounded to 0.01; an indicator that does not apply counts 0 of 0.
"""

import math
from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from dti.scoring import IndicatorDef, LocalText, ResponseData, score_indicator
from dti.scoring.expressions import parse_expression
from dti.scoring.inputs import Choice, InputSpec
from dti.scoring.numbers import POINTS_QUANTUM, ZERO
from dti.scoring.rules import (
    ZERO_DIVISION_OUTCOMES,
    Adjustment,
    Band,
    BooleanRule,
    ChoiceRule,
    FormulaRule,
    ManualRule,
    RatioRule,
    StepsRule,
    SubCriterion,
    SumRule,
)
from dti.scoring.scoring import NOT_APPLICABLE

# Points as the platform stores them: up to 999,999.99 with two decimals.
points = st.decimals(min_value=0, max_value=Decimal("999999.99"), places=2)
small_points = st.decimals(min_value=0, max_value=100, places=2)
numbers = st.decimals(min_value=-(10**6), max_value=10**6, places=3)
outcomes = st.sampled_from(ZERO_DIVISION_OUTCOMES)
OPTIONS = ("full", "partial", "none")


def number_input(code: str, kind: str, draw) -> InputSpec:
    minimum = draw(st.none() | numbers)
    maximum = draw(st.none() | numbers)
    if minimum is not None and maximum is not None and minimum > maximum:
        minimum, maximum = maximum, minimum
    return InputSpec(
        code=code,
        kind=kind,
        label=LocalText(code),
        minimum=minimum,
        maximum=maximum,
        required=draw(st.booleans()),
    )


@st.composite
def numeric_input(draw, code: str) -> InputSpec:
    return number_input(code, draw(st.sampled_from(("integer", "decimal", "percent"))), draw)


def boolean_input(code: str, required: bool = True) -> InputSpec:
    return InputSpec(code=code, kind="boolean", label=LocalText(code), required=required)


def choice_input(code: str) -> InputSpec:
    return InputSpec(
        code=code,
        kind="choice",
        label=LocalText(code),
        choices=tuple(Choice(option, LocalText(option)) for option in OPTIONS),
    )


@st.composite
def ratio_rules(draw, prefix: str):
    numerator, denominator = f"{prefix}a", f"{prefix}b"
    rule = RatioRule(numerator, denominator, draw(outcomes), draw(st.none() | points))
    return rule, [draw(numeric_input(numerator)), draw(numeric_input(denominator))]


@st.composite
def bands(draw):
    low = draw(st.none() | numbers)
    high = draw(st.none() | numbers)
    if low is None and high is None:
        low = Decimal(0)
    return Band(draw(points), low, high)


@st.composite
def steps_rules(draw, prefix: str):
    value, other = f"{prefix}x", f"{prefix}y"
    inputs = [draw(numeric_input(value))]
    expression = value
    if draw(st.booleans()):  # a value computed from two inputs, which may divide by zero
        inputs.append(draw(numeric_input(other)))
        expression = draw(st.sampled_from([f"{value} / {other} * 100", f"{value} - {other}"]))
    rule = StepsRule(
        parse_expression(expression),
        tuple(draw(st.lists(bands(), min_size=1, max_size=5))),
        draw(points),
        draw(outcomes),
    )
    return rule, inputs


@st.composite
def boolean_rules(draw, prefix: str):
    answer = f"{prefix}yes"
    rule = BooleanRule(answer, draw(st.none() | points), draw(points))
    return rule, [boolean_input(answer)]


@st.composite
def choice_rules(draw, prefix: str):
    answer = f"{prefix}level"
    rule = ChoiceRule(answer, tuple((option, draw(points)) for option in OPTIONS))
    return rule, [choice_input(answer)]


def expressions(names: list[str]):
    """Arithmetic over ``names`` and small numbers, with every operator and function."""
    leaves = st.sampled_from(names) | st.integers(0, 100).map(str)
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.tuples(inner, st.sampled_from("+-*/"), inner).map(
                lambda p: f"({p[0]} {p[1]} {p[2]})"
            ),
            inner.map(lambda text: f"-{text}"),
            inner.map(lambda text: f"abs({text})"),
            st.tuples(st.sampled_from(("min", "max")), inner, inner).map(
                lambda p: f"{p[0]}({p[1]}, {p[2]})"
            ),
        ),
        max_leaves=8,
    )


@st.composite
def formula_rules(draw, prefix: str):
    names = [f"{prefix}p", f"{prefix}q"]
    rule = FormulaRule(parse_expression(draw(expressions(names))), draw(outcomes))
    inputs = [draw(numeric_input(name)) for name in names]
    return rule, [spec for spec in inputs if spec.code in rule.expression.names]


@st.composite
def manual_rules(draw, prefix: str):
    code = f"{prefix}points"
    return ManualRule(code), [draw(numeric_input(code))]


SIMPLE_RULES = (
    ratio_rules,
    steps_rules,
    boolean_rules,
    choice_rules,
    formula_rules,
    manual_rules,
)


@st.composite
def sum_rules(draw, prefix: str):
    criteria, inputs = [], []
    for index in range(draw(st.integers(1, 4))):
        rule, rule_inputs = draw(draw(st.sampled_from(SIMPLE_RULES))(f"{prefix}c{index}_"))
        criteria.append(SubCriterion(f"c{index}", LocalText(f"c{index}"), draw(points), rule))
        inputs += rule_inputs
    return SumRule(tuple(criteria)), inputs


@st.composite
def adjustments(draw, code: str):
    limit = draw(st.none() | small_points)
    return Adjustment(code, draw(small_points), limit, LocalText(code))


@st.composite
def indicators(draw, rule_kind=None):
    rule_strategy = rule_kind or draw(st.sampled_from((*SIMPLE_RULES, sum_rules)))
    rule, inputs = draw(rule_strategy("r_"))
    deductions, bonuses = [], []
    for index in range(draw(st.integers(0, 2))):
        code = f"minus{index}"
        inputs.append(draw(numeric_input(code)) if index else boolean_input(code, False))
        deductions.append(draw(adjustments(code)))
    for index in range(draw(st.integers(0, 2))):
        code = f"plus{index}"
        inputs.append(draw(numeric_input(code)))
        bonuses.append(draw(adjustments(code)))
    return IndicatorDef(
        code="1.1",
        name=LocalText("Chỉ số"),
        max_points=draw(points),
        rule=rule,
        inputs=tuple(inputs),
        deductions=tuple(deductions),
        bonuses=tuple(bonuses),
        may_be_not_applicable=draw(st.booleans()),
    )


def raw_value(spec: InputSpec):
    """What a form, a workbook or the API may send for ``spec``."""
    anything = st.none() | st.just("") | st.text(max_size=4) | st.booleans()
    if spec.kind == "boolean":
        return anything | st.sampled_from(["có", "không", "yes", "0"])
    if spec.kind == "choice":
        return anything | st.sampled_from(OPTIONS)
    return anything | numbers | st.integers(-(10**7), 10**16) | numbers.map(str)


@st.composite
def valid_value(draw, spec: InputSpec):
    """A value ``spec`` accepts (so that the rule, not the validation, decides the points)."""
    if spec.kind == "boolean":
        return draw(st.booleans())
    if spec.kind == "choice":
        return draw(st.sampled_from(OPTIONS))
    low = spec.lower_bound if spec.lower_bound is not None else Decimal(0)
    high = spec.upper_bound if spec.upper_bound is not None else low + 10**6
    assume(low <= high)  # e.g. at most -1 but no minimum: negatives are refused
    whole = range(math.ceil(low), math.floor(high) + 1)
    if spec.kind == "integer":
        assume(whole)
        return draw(
            st.integers(whole.start, whole.stop - 1) | st.sampled_from([whole[0], whole[-1]])
        )
    return draw(st.decimals(min_value=low, max_value=high) | st.sampled_from([low, high]))


@st.composite
def responses(draw, definition: IndicatorDef) -> ResponseData:
    """Mostly valid answers, so that the rules are reached; some raw ones, so that invalid and
    unanswered indicators are checked too."""
    raw = draw(st.integers(0, 3)) == 0
    values = {
        spec.code: draw(raw_value(spec) if raw else valid_value(spec)) for spec in definition.inputs
    }
    return ResponseData(values, not_applicable=draw(st.integers(0, 4)) == 0)


def assert_within_bounds(definition: IndicatorDef, response: ResponseData) -> None:
    score = score_indicator(definition, response)
    assert ZERO <= score.points <= score.max_points <= definition.max_points
    assert score.points == score.points.quantize(POINTS_QUANTUM)
    if score.status == NOT_APPLICABLE:
        assert score.points == score.max_points == ZERO
    assert score.trace.points == score.points and score.trace.max_points == score.max_points
    assert score.trace.render()  # every step can be explained, whatever the values


def check_rule_type(rule_kind, data) -> None:
    definition = data.draw(indicators(rule_kind))
    assert_within_bounds(definition, data.draw(responses(definition)))


@settings(max_examples=300)
@given(data=st.data())
def test_ratio_points_stay_between_zero_and_max(data):
    check_rule_type(ratio_rules, data)


@settings(max_examples=300)
@given(data=st.data())
def test_steps_points_stay_between_zero_and_max(data):
    check_rule_type(steps_rules, data)


@settings(max_examples=200)
@given(data=st.data())
def test_boolean_points_stay_between_zero_and_max(data):
    check_rule_type(boolean_rules, data)


@settings(max_examples=200)
@given(data=st.data())
def test_choice_points_stay_between_zero_and_max(data):
    check_rule_type(choice_rules, data)


@settings(max_examples=300)
@given(data=st.data())
def test_formula_points_stay_between_zero_and_max(data):
    check_rule_type(formula_rules, data)


@settings(max_examples=200)
@given(data=st.data())
def test_manual_points_stay_between_zero_and_max(data):
    check_rule_type(manual_rules, data)


@settings(max_examples=300)
@given(data=st.data())
def test_sum_points_stay_between_zero_and_max(data):
    check_rule_type(sum_rules, data)
