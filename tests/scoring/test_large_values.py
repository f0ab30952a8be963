"""Scoring never fails on large or tiny numbers: it caps the points and says what it did."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from dti.core.formatting import ui_renderer
from dti.scoring import INVALID, SCORED, ResponseData, score_indicator
from tests.scoring.builders import indicator

LARGEST = Decimal("999999999999999")  # the largest input a form accepts (10^15 − 1)


def formula(expression, max_points=10, bounds=None):
    bounds = bounds or {}
    return indicator(
        {
            "code": "1.1",
            "name": "f",
            "max_points": max_points,
            "inputs": [
                {"code": code, "type": "decimal", "label": code.upper(), **bounds.get(code, {})}
                for code in ("x", "y", "z")
            ],
            "rule": {"type": "formula", "expression": expression, "if_division_by_zero": "zero"},
        }
    )


def test_a_product_beyond_28_digits_gets_the_maximum_with_a_readable_trace():
    result = score_indicator(formula("x * y + z"), ResponseData({"x": 1e14, "y": 1e14, "z": 0}))
    assert (result.status, result.points) == (SCORED, Decimal(10))
    assert "Formula x * y + z = more than 1000000000000000." in result.trace.render()
    assert result.trace.lines(ui_renderer())[-1] == "Điểm: 10 / 10."


def test_a_number_too_close_to_zero_is_refused_before_it_can_divide():
    result = score_indicator(formula("x / y + z"), ResponseData({"x": 5, "y": "1e-999999", "z": 0}))
    assert result.status == INVALID
    assert result.errors["y"][0].text == "The number is too close to zero; enter 0 instead."


def test_a_value_that_is_not_a_number_is_refused_whatever_its_python_type():
    result = score_indicator(
        formula("x + y + z"), ResponseData({"x": Decimal("NaN"), "y": 1, "z": 1})
    )
    assert result.status == INVALID and "x" in result.errors


# Expressions over x, y and z with every allowed construct, nested a few levels deep.
leaves = st.sampled_from(["x", "y", "z", "0", "1", "0.5", "100", "1000000"])


def combine(children):
    pair = st.tuples(children, children)
    return st.one_of(
        pair.map(lambda p: f"({p[0]} + {p[1]})"),
        pair.map(lambda p: f"({p[0]} - {p[1]})"),
        pair.map(lambda p: f"{p[0]} * {p[1]}"),
        pair.map(lambda p: f"{p[0]} / {p[1]}"),
        pair.map(lambda p: f"min({p[0]}, {p[1]})"),
        pair.map(lambda p: f"max({p[0]}, {p[1]})"),
        children.map(lambda c: f"abs({c})"),
        children.map(lambda c: f"-{c}"),
    )


expressions = st.recursive(leaves, combine, max_leaves=12)
# An input inside its declared bounds: one of the bounds, or anything between them.
values = st.one_of(
    st.sampled_from([LARGEST, -LARGEST, Decimal(0), Decimal("1e-15"), Decimal("-1e-15")]),
    st.decimals(min_value=-LARGEST, max_value=LARGEST, allow_nan=False, allow_infinity=False),
)


@settings(max_examples=300)
@given(expression=expressions, x=values, y=values, z=values)
def test_formula_scoring_never_raises_for_inputs_within_their_declared_bounds(expression, x, y, z):
    bounds = {"min": -LARGEST, "max": LARGEST}
    definition = formula(expression, bounds={code: bounds for code in ("x", "y", "z")})
    result = score_indicator(definition, ResponseData({"x": x, "y": y, "z": z}))
    assert result.status in (SCORED, INVALID)
    assert Decimal(0) <= result.points <= definition.max_points
    for line in result.trace.lines(ui_renderer()):  # as the assessment page shows it
        assert len(line) < 200, line  # no number written out with thousands of digits
