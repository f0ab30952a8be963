"""Property tests of the engine (hypothesis)."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from dti.scoring import (
    ResponseData,
    rank_by_value,
    score_assessment,
    score_indicator,
)
from tests.scoring.builders import counts, framework, indicator, ratio, sum_of_ratios

points_strategy = st.decimals(min_value=1, max_value=200, places=1)
counts_strategy = st.integers(min_value=0, max_value=10_000)


def ratio_without_constraint(max_points, scale=None):
    spec = {
        "code": "1.1",
        "name": "r",
        "max_points": max_points,
        "inputs": [
            {"code": "a", "type": "integer", "label": "a"},
            {"code": "b", "type": "integer", "label": "b"},
        ],
        "rule": {
            "type": "ratio",
            "numerator": "a",
            "denominator": "b",
            "if_denominator_zero": "zero",
        },
        "deductions": [{"input": "incidents", "points_each": 3}],
    }
    spec["inputs"].append({"code": "incidents", "type": "integer", "label": "i", "required": False})
    return indicator(spec)


@settings(max_examples=200)
@given(
    max_points=points_strategy,
    a=counts_strategy,
    b=counts_strategy,
    incidents=st.integers(min_value=0, max_value=20),
)
def test_points_stay_between_zero_and_max(max_points, a, b, incidents):
    definition = ratio_without_constraint(max_points)
    result = score_indicator(definition, ResponseData({"a": a, "b": b, "incidents": incidents}))
    assert Decimal(0) <= result.points <= definition.max_points


@settings(max_examples=200)
@given(
    max_points=points_strategy,
    expression_numbers=st.lists(
        st.decimals(min_value=-1000, max_value=1000, places=2), min_size=2, max_size=2
    ),
)
def test_formula_points_stay_between_zero_and_max(max_points, expression_numbers):
    definition = indicator(
        {
            "code": "1.1",
            "name": "f",
            "max_points": max_points,
            "inputs": [
                {"code": "x", "type": "decimal", "label": "x", "min": -1000},
                {"code": "y", "type": "decimal", "label": "y", "min": -1000},
            ],
            "rule": {"type": "formula", "expression": "x * 3 - y / 2"},
        }
    )
    x, y = expression_numbers
    result = score_indicator(definition, ResponseData({"x": x, "y": y}))
    assert Decimal(0) <= result.points <= definition.max_points


@settings(max_examples=200)
@given(
    max_points=points_strategy,
    b=st.integers(min_value=1, max_value=10_000),
    a1=counts_strategy,
    a2=counts_strategy,
)
def test_ratio_is_monotone_in_its_numerator(max_points, b, a1, a2):
    low, high = sorted((a1, a2))
    definition = ratio_without_constraint(max_points)
    low_points = score_indicator(definition, ResponseData({"a": low, "b": b})).points
    high_points = score_indicator(definition, ResponseData({"a": high, "b": b})).points
    assert low_points <= high_points


group_sizes = st.lists(st.lists(points_strategy, min_size=1, max_size=5), min_size=1, max_size=4)


def perfect_framework(sizes):
    return framework(
        *[
            (
                str(group_index + 1),
                [
                    counts(f"{group_index + 1}.{index + 1}", max_points, may_be_not_applicable=True)
                    for index, max_points in enumerate(maxima)
                ],
            )
            for group_index, maxima in enumerate(sizes)
        ]
    )


def mixed_framework(sizes):
    """Indicators of three kinds in turn: one the agency may declare not applicable, a ratio that
    does not apply when b = 0, and a sum of such ratios (sub-criteria that may not apply)."""
    groups = []
    for group_index, maxima in enumerate(sizes):
        items = []
        for index, max_points in enumerate(maxima):
            code = f"{group_index + 1}.{index + 1}"
            kind = index % 3
            if kind == 0:
                items.append(counts(code, max_points, may_be_not_applicable=True))
            elif kind == 1:
                items.append(ratio(code, max_points, if_zero="not_applicable"))
            else:
                half = (max_points / 2).quantize(Decimal("0.01"))
                items.append(sum_of_ratios(code, (half, max_points - half, max_points)))
        groups.append((str(group_index + 1), items))
    return framework(*groups)


def perfect_answer(definition):
    """Full points: 4 meetings, a ratio of 1, every sub-criterion's ratio 1."""
    codes = {spec.code for spec in definition.inputs}
    return {"meetings": 4} if "meetings" in codes else dict.fromkeys(codes, 1)


def not_applicable_answer(definition, data):
    """The same agency, for whom the indicator (or some of its sub-criteria) does not apply."""
    if definition.may_be_not_applicable:
        return ResponseData({"meetings": 4}, not_applicable=True)
    if definition.rule.type == "ratio":
        return ResponseData({"a": 0, "b": 0})
    values = perfect_answer(definition)
    for index in data.draw(st.sets(st.sampled_from(range(len(definition.rule.criteria))))):
        values[f"a{index}"] = values[f"b{index}"] = 0
    return ResponseData(values)


@settings(max_examples=100)
@given(sizes=group_sizes, data=st.data())
def test_not_applicable_never_lowers_the_dti_value_of_an_otherwise_perfect_agency(sizes, data):
    definition = mixed_framework(sizes)
    indicators = definition.indicators()
    kept = data.draw(st.sampled_from(indicators)).code  # something must still apply
    chosen = data.draw(st.sets(st.sampled_from([item.code for item in indicators])))
    perfect = {item.code: ResponseData(perfect_answer(item)) for item in indicators}
    with_na = {
        item.code: (
            not_applicable_answer(item, data)
            if item.code in chosen - {kept}
            else ResponseData(perfect_answer(item))
        )
        for item in indicators
    }
    before = score_assessment(definition, perfect)
    after = score_assessment(definition, with_na)
    assert before.dti_value == Decimal(1)
    assert after.dti_value >= before.dti_value
    assert after.points == after.max_points


@settings(max_examples=100)
@given(sizes=group_sizes, data=st.data())
def test_total_is_the_sum_of_the_groups_and_of_the_indicators(sizes, data):
    definition = perfect_framework(sizes)
    responses = {
        item.code: ResponseData(
            {"meetings": data.draw(st.integers(0, 5))}, not_applicable=data.draw(st.booleans())
        )
        for item in definition.indicators()
    }
    score = score_assessment(definition, responses)
    assert score.points == sum(group.points for group in score.groups.values())
    assert score.points == sum(item.points for item in score.indicators.values())
    assert score.max_points == sum(group.max_points for group in score.groups.values())
    assert Decimal(0) <= score.dti_value <= Decimal(1)


@given(
    st.dictionaries(
        st.text(min_size=1, max_size=3), st.decimals(min_value=0, max_value=1, places=2), min_size=1
    )
)
def test_rank_is_one_more_than_the_number_of_strictly_better_agencies(values):
    ranks = rank_by_value(values)
    for key, value in values.items():
        assert ranks[key] == 1 + sum(1 for other in values.values() if other > value)


def test_deduction_cannot_make_points_negative():
    definition = ratio_without_constraint(Decimal(5))
    result = score_indicator(definition, ResponseData({"a": 1, "b": 10, "incidents": 9}))
    assert "Deduction" in result.trace.render()
    assert result.points == 0
