"""A sub-criterion that does not apply leaves both the points and the maximum of its indicator
(design.md §4), as a whole indicator that does not apply leaves its group's."""

from decimal import Decimal

from dti.scoring import NOT_APPLICABLE, SCORED, ResponseData, score_assessment, score_indicator
from tests.scoring.builders import framework, indicator, sum_of_ratios


def plan_and_share():
    """The audit's case: a ratio that does not apply when b = 0, and a yes/no, 5 points each."""
    return indicator(
        {
            "code": "2.1",
            "name": "ATTT",
            "max_points": 10,
            "inputs": [
                {"code": "a", "type": "integer", "label": "Hệ thống đạt"},
                {"code": "b", "type": "integer", "label": "Tổng số hệ thống"},
                {"code": "plan", "type": "boolean", "label": "Có phương án"},
                {"code": "incidents", "type": "integer", "label": "Sự cố", "required": False},
            ],
            "rule": {"type": "sum"},
            "criteria": [
                {
                    "code": "a",
                    "name": "Tỷ lệ hệ thống đạt",
                    "max_points": 5,
                    "rule": {
                        "type": "ratio",
                        "numerator": "a",
                        "denominator": "b",
                        "if_denominator_zero": "not_applicable",
                    },
                },
                {
                    "code": "b",
                    "name": "Phương án",
                    "max_points": 5,
                    "rule": {"type": "boolean", "input": "plan"},
                },
            ],
            "deductions": [{"input": "incidents", "points_each": 2}],
        }
    )


def test_a_sub_criterion_that_does_not_apply_leaves_the_indicator_maximum():
    result = score_indicator(plan_and_share(), ResponseData({"a": 0, "b": 0, "plan": True}))
    assert (result.status, result.points, result.max_points) == (
        SCORED,
        Decimal(5),
        Decimal(5),
    )
    lines = result.trace.lines()
    assert (
        "Sub-criterion a (Tỷ lệ hệ thống đạt): division by zero, so it does not apply; its 5 "
        "points leave the maximum."
    ) in lines
    assert "Sum of the sub-criteria = 5 of an applicable maximum of 5." in lines
    assert lines[-1] == "Points: 5 / 5."


def test_deductions_are_capped_at_the_applicable_maximum():
    result = score_indicator(
        plan_and_share(), ResponseData({"a": 0, "b": 0, "plan": True, "incidents": 4})
    )
    assert (result.points, result.max_points) == (Decimal(0), Decimal(5))


def test_an_indicator_whose_sub_criteria_all_do_not_apply_does_not_apply():
    result = score_indicator(
        sum_of_ratios(parts=(4, 6)), ResponseData(dict.fromkeys(["a0", "b0", "a1", "b1"], 0))
    )
    assert (result.status, result.points, result.max_points) == (NOT_APPLICABLE, 0, 0)
    assert result.trace.lines()[-1] == "No sub-criterion applies: the indicator does not apply."


def test_the_applicable_maximum_is_capped_at_the_indicator_maximum():
    # Sub-criteria of 6 + 6 for an indicator of 10: without the first, 6 of 6; with both, 10.
    definition = sum_of_ratios(parts=(6, 6), max_points=10)
    only_second = score_indicator(definition, ResponseData({"a0": 0, "b0": 0, "a1": 1, "b1": 2}))
    assert (only_second.points, only_second.max_points) == (Decimal(3), Decimal(6))
    both = score_indicator(definition, ResponseData({"a0": 1, "b0": 1, "a1": 1, "b1": 1}))
    assert (both.points, both.max_points) == (Decimal(10), Decimal(10))


def test_the_group_and_the_dti_value_leave_out_the_maximum_of_what_does_not_apply():
    definition = framework(("1", [plan_and_share()]))
    score = score_assessment(definition, {"2.1": ResponseData({"a": 0, "b": 0, "plan": True})})
    assert (score.groups["1"].points, score.groups["1"].max_points) == (5, 5)
    assert score.dti_value == Decimal(1)
