from decimal import Decimal

from dti.scoring import ResponseData, rank_by_value, score_assessment
from tests.scoring.builders import counts, framework, ratio


def test_group_total_and_dti_value_of_a_hand_computed_assessment():
    definition = framework(
        ("1", [counts("1.1", 20), ratio("1.2", 10)]),
        ("2", [counts("2.1", 30, applies_to="digital_economy")]),
    )
    responses = {
        "1.1": ResponseData({"meetings": 3}),
        "1.2": ResponseData({"a": 1, "b": 3}),
        "2.1": ResponseData({"meetings": 4}),
    }
    without_flag = score_assessment(definition, responses)
    # 15 + 10 × 1/3 (3.33) = 18.33 of 30; group 2 does not apply
    assert without_flag.groups["1"].points == Decimal("18.33")
    assert without_flag.groups["2"].max_points == 0
    assert (without_flag.points, without_flag.max_points) == (Decimal("18.33"), Decimal(30))
    assert without_flag.dti_value == Decimal("0.6110")
    with_flag = score_assessment(definition, responses, {"digital_economy"})
    assert (with_flag.points, with_flag.max_points) == (Decimal("48.33"), Decimal(60))
    assert with_flag.dti_value == Decimal("0.8055")


def test_not_applicable_by_zero_denominator_leaves_the_maximum():
    definition = framework(("1", [counts("1.1", 20), ratio("1.2", 10)]))
    score = score_assessment(
        definition, {"1.1": ResponseData({"meetings": 4}), "1.2": ResponseData({"a": 0, "b": 0})}
    )
    assert (score.points, score.max_points, score.dti_value) == (20, 20, Decimal("1.0000"))


def test_dti_value_rounds_half_up_to_four_decimals():
    # 2 of 3 meetings-steps: choose points so that total/max = 0.79555 → 0.7956
    definition = framework(("1", [ratio("1.1", 10000)]))
    score = score_assessment(definition, {"1.1": ResponseData({"a": 79555, "b": 100000})})
    assert score.points == Decimal("7955.50")
    assert score.dti_value == Decimal("0.7956")


def test_ties_share_a_rank_and_the_next_rank_skips():
    ranks = rank_by_value(
        {"A": Decimal("0.8"), "B": Decimal("0.9"), "C": Decimal("0.8"), "D": Decimal("0.5")}
    )
    assert ranks == {"B": 1, "A": 2, "C": 2, "D": 4}
