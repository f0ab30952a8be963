"""A rule cannot compute without its inputs: one the form may leave empty (``required: false``)
leaves the indicator unanswered while it is empty, rather than failing the whole scoring."""

from decimal import Decimal

from dti.scoring import ResponseData, score_indicator
from dti.scoring.scoring import SCORED, UNANSWERED
from tests.scoring.builders import indicator


def optional_numerator():
    return indicator(
        {
            "code": "1.1",
            "name": "Tỷ lệ",
            "max_points": 10,
            "inputs": [
                {"code": "a", "type": "integer", "label": "a", "required": False},
                {"code": "b", "type": "integer", "label": "b"},
            ],
            "rule": {
                "type": "ratio",
                "numerator": "a",
                "denominator": "b",
                "if_denominator_zero": "zero",
            },
        }
    )


def test_an_empty_optional_rule_input_leaves_the_indicator_unanswered():
    score = score_indicator(optional_numerator(), ResponseData({"b": 4}))
    assert (score.status, score.points, score.max_points) == (UNANSWERED, 0, Decimal(10))
    assert "Not answered yet: 0 points." in score.trace.render()


def test_the_optional_rule_input_is_scored_once_given():
    score = score_indicator(optional_numerator(), ResponseData({"a": 1, "b": 4}))
    assert (score.status, score.points) == (SCORED, Decimal("2.50"))
