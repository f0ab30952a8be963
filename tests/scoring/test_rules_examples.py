"""Worked examples of the rule types, from the scoring patterns in domain.md."""

from decimal import Decimal

import pytest

from dti.scoring import INVALID, NOT_APPLICABLE, SCORED, UNANSWERED, ResponseData, score_indicator
from tests.scoring.builders import counts, indicator, ratio


def score(definition, **values):
    return score_indicator(definition, ResponseData(values))


@pytest.mark.parametrize(
    ("meetings", "points"), [(6, 20), (4, 20), (3, 15), (2, 10), (1, 5), (0, 0)]
)
def test_steering_committee_meetings_map_to_steps(meetings, points):
    result = score(counts(max_points=20), meetings=meetings)
    assert result.status == SCORED
    assert result.points == Decimal(points)


def test_ratio_of_meetings_chaired_by_the_head():
    result = score(ratio(max_points=10), a=3, b=4)
    assert result.points == Decimal("7.50")
    assert "3 / 4 = 0.75" in result.trace.render()


def test_ratio_rounds_half_up_to_two_decimals():
    # 10 × 2/3 = 6.666… → 6.67; 10 × 1/8 = 1.25 stays; 5 × 1/8 = 0.625 → 0.63
    assert score(ratio(max_points=10), a=2, b=3).points == Decimal("6.67")
    assert score(ratio(max_points=5), a=1, b=8).points == Decimal("0.63")


@pytest.mark.parametrize(
    ("if_zero", "status", "points", "max_points"),
    [
        ("full", SCORED, Decimal(10), Decimal(10)),
        ("zero", SCORED, Decimal(0), Decimal(10)),
        ("not_applicable", NOT_APPLICABLE, Decimal(0), Decimal(0)),
    ],
)
def test_ratio_with_zero_denominator_does_what_the_rule_states(if_zero, status, points, max_points):
    result = score(ratio(if_zero=if_zero), a=0, b=0)
    assert (result.status, result.points, result.max_points) == (status, points, max_points)


def test_boolean_portal_has_a_digital_transformation_section():
    definition = indicator(
        {
            "code": "1.3",
            "name": "Chuyên mục CĐS",
            "max_points": 5,
            "inputs": [{"code": "has_section", "type": "boolean", "label": "Có chuyên mục"}],
            "rule": {"type": "boolean", "input": "has_section"},
        }
    )
    assert score(definition, has_section="có").points == Decimal(5)
    assert score(definition, has_section=False).points == Decimal(0)


def test_percentage_thresholds_over_a_computed_share():
    definition = indicator(
        {
            "code": "6.1",
            "name": "Hồ sơ trực tuyến",
            "max_points": 20,
            "inputs": [
                {"code": "online", "type": "integer", "label": "Trực tuyến"},
                {"code": "total", "type": "integer", "label": "Tổng"},
            ],
            "constraints": ["online <= total"],
            "rule": {
                "type": "steps",
                "value": "online / total * 100",
                "bands": [{"min": 90, "points": 20}, {"min": 70, "max": 90, "points": 10}],
            },
        }
    )
    assert score(definition, online=95, total=100).points == Decimal(20)
    assert score(definition, online=90, total=100).points == Decimal(20)
    assert score(definition, online=80, total=100).points == Decimal(10)
    assert score(definition, online=50, total=100).points == Decimal(0)
    assert score(definition, online=0, total=0).points == Decimal(0)  # default: zero


def test_choice_rule_gives_the_points_of_the_option():
    definition = indicator(
        {
            "code": "2.1",
            "name": "Quy chế",
            "max_points": 10,
            "inputs": [
                {
                    "code": "level",
                    "type": "choice",
                    "label": "Mức",
                    "choices": [
                        {"value": "full", "label": "Đầy đủ"},
                        {"value": "partial", "label": "Một phần"},
                        {"value": "none", "label": "Chưa có"},
                    ],
                }
            ],
            "rule": {
                "type": "choice",
                "input": "level",
                "points": {"full": 10, "partial": 5, "none": 0},
            },
        }
    )
    assert score(definition, level="partial").points == Decimal(5)
    assert score(definition, level="maybe").status == INVALID


def test_sum_of_sub_criteria_is_capped_at_the_indicator_max():
    definition = indicator(
        {
            "code": "5.1",
            "name": "ATTT",
            "max_points": 10,
            "inputs": [
                {"code": "plan", "type": "boolean", "label": "Kế hoạch"},
                {"code": "drills", "type": "integer", "label": "Diễn tập"},
            ],
            "rule": {"type": "sum"},
            "criteria": [
                {
                    "code": "a",
                    "name": "Kế hoạch",
                    "max_points": 6,
                    "rule": {"type": "boolean", "input": "plan"},
                },
                {
                    "code": "b",
                    "name": "Diễn tập",
                    "max_points": 6,
                    "rule": {
                        "type": "steps",
                        "value": "drills",
                        "bands": [{"min": 1, "points": 6}],
                    },
                },
            ],
        }
    )
    assert score(definition, plan=True, drills=2).points == Decimal(10)
    assert score(definition, plan=False, drills=2).points == Decimal(6)
    assert "Sub-criterion b" in score(definition, plan=True, drills=0).trace.render()


def test_deduction_for_cyber_security_incidents_is_limited_and_never_below_zero():
    definition = indicator(
        {
            "code": "5.2",
            "name": "Sự cố",
            "max_points": 10,
            "inputs": [
                {"code": "secured", "type": "boolean", "label": "Đã bảo đảm"},
                {"code": "incidents", "type": "integer", "label": "Số sự cố"},
            ],
            "rule": {"type": "boolean", "input": "secured"},
            "deductions": [{"input": "incidents", "points_each": 2, "limit": 6}],
        }
    )
    assert score(definition, secured=True, incidents=1).points == Decimal(8)
    assert score(definition, secured=True, incidents=10).points == Decimal(4)
    assert score(definition, secured=False, incidents=1).points == Decimal(0)


def test_formula_is_evaluated_in_decimals_and_clamped():
    definition = indicator(
        {
            "code": "4.1",
            "name": "Tập huấn",
            "max_points": 10,
            "inputs": [
                {"code": "trained", "type": "integer", "label": "Đã tập huấn"},
                {"code": "staff", "type": "integer", "label": "Tổng số"},
            ],
            "rule": {"type": "formula", "expression": "min(trained / staff * 100, 100) / 10"},
        }
    )
    assert score(definition, trained=45, staff=60).points == Decimal("7.50")
    assert score(definition, trained=90, staff=60).points == Decimal(10)


def test_manual_points_within_bounds():
    definition = indicator(
        {
            "code": "9.1",
            "name": "Hoàn thành KH",
            "max_points": 15,
            "inputs": [{"code": "points", "type": "decimal", "label": "Điểm", "max": 15}],
            "rule": {"type": "manual"},
        }
    )
    assert score(definition, points="12.5").points == Decimal("12.50")
    assert score(definition, points=16).status == INVALID


def test_unanswered_indicator_scores_zero_against_its_max():
    result = score(counts(max_points=20))
    assert (result.status, result.points, result.max_points) == (UNANSWERED, 0, 20)


def test_declared_not_applicable_needs_the_framework_to_allow_it():
    allowed = counts(may_be_not_applicable=True)
    refused = counts()
    declared = ResponseData({}, not_applicable=True)
    assert score_indicator(allowed, declared).status == NOT_APPLICABLE
    assert score_indicator(refused, declared).status == UNANSWERED


@pytest.mark.parametrize(
    ("values", "field", "fragment"),
    [
        ({"a": "abc", "b": 4}, "a", "Enter a whole number"),
        ({"a": 5, "b": 4}, "a", "must be ≤"),
        ({"a": -1, "b": 4}, "a", "cannot be negative"),
        ({"a": "2.5", "b": 4}, "a", "whole number"),
    ],
)
def test_bad_inputs_are_reported_per_field(values, field, fragment):
    result = score(ratio(), **values)
    assert result.status == INVALID
    assert fragment in " ".join(message.render() for message in result.errors[field])


def test_percent_above_one_hundred_is_refused():
    definition = indicator(
        {
            "code": "6.2",
            "name": "Tỷ lệ",
            "max_points": 10,
            "inputs": [{"code": "share", "type": "percent", "label": "Tỷ lệ"}],
            "rule": {"type": "steps", "value": "share", "bands": [{"min": 90, "points": 10}]},
        }
    )
    result = score(definition, share="101")
    assert result.status == INVALID
    assert "at most 100" in result.errors["share"][0].render()


def test_trace_renders_each_step_as_text():
    text = score(counts(max_points=20), meetings=3).trace.render()
    assert text.splitlines() == [
        "Số cuộc họp: 3",
        "3 falls in the band at least 3: 15 points.",
        "Points: 15 / 20.",
    ]


def test_an_absurdly_large_number_is_refused_before_any_arithmetic():
    # "1e999999" once took minutes of CPU to turn into an integer (a denial of service).
    result = score(counts(), meetings="1e999999")
    assert result.status == INVALID
    assert "too large" in result.errors["meetings"][0].render()
