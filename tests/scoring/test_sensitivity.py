from decimal import Decimal

from dti.scoring import rank_by_value
from dti.scoring.numbers import round_dti
from dti.scoring.sensitivity import GroupResult, rank_intervals


def tier(**agencies):
    return {
        key: {code: GroupResult(points, maximum) for code, (points, maximum) in groups.items()}
        for key, groups in agencies.items()
    }


def test_a_clear_leader_has_a_robust_first_rank():
    results = rank_intervals(
        tier(
            A={"1": (95, 100), "2": (90, 100)},
            B={"1": (60, 100), "2": (50, 100)},
            C={"1": (30, 100), "2": (20, 100)},
        ),
        draws=200,
        seed=1,
    )
    assert [
        (key, item.rank, item.low, item.high, item.robust) for key, item in sorted(results.items())
    ] == [("A", 1, 1, 1, True), ("B", 2, 2, 2, True), ("C", 3, 3, 3, True)]


def test_agencies_that_swap_with_the_weights_are_not_robust():
    # A is strong in group 1, B in group 2; with four close followers the order of the top
    # depends on which group weighs more.
    agencies = {"A": {"1": (100, 100), "2": (40, 100)}, "B": {"1": (40, 100), "2": (99, 100)}}
    for index, share in enumerate((68, 68.5, 69, 69.2)):
        agencies[f"F{index}"] = {"1": (share, 100), "2": (share, 100)}
    results = rank_intervals(tier(**agencies), draws=500, seed=7)
    assert results["A"].rank == 1
    assert results["A"].low < results["A"].high
    assert results["A"].leave_one_out_high > 2  # without group 1, A falls behind everybody
    assert not results["A"].robust


def test_the_same_seed_gives_the_same_intervals():
    data = tier(A={"1": (70, 100), "2": (60, 100)}, B={"1": (65, 100), "2": (66, 100)})
    assert rank_intervals(data, seed=3, draws=100) == rank_intervals(data, seed=3, draws=100)


def test_ties_share_the_published_rank():
    results = rank_intervals(tier(A={"1": (50, 100)}, B={"1": (50, 100)}), draws=10)
    assert (results["A"].rank, results["B"].rank) == (1, 1)
    assert results["A"].robust and results["B"].robust


def test_the_base_rank_is_the_published_rank_even_on_a_rounding_tie():
    # 725 / 800 = 0.90625 is published as 0.9063 (half-up), the same value as 9063 / 10000.
    data = tier(A={"1": (725, 800)}, B={"1": (9063, 10000)}, C={"1": (9062, 10000)})
    published = rank_by_value(
        {
            key: round_dti(Decimal(groups["1"].points) / Decimal(groups["1"].max_points))
            for key, groups in data.items()
        }
    )
    results = rank_intervals(data, draws=10)
    assert (
        {key: item.rank for key, item in results.items()}
        == published
        == {
            "A": 1,
            "B": 1,
            "C": 3,
        }
    )


def test_leaving_a_group_out_ranks_by_the_values_as_the_platform_rounds_them():
    # Without group 2, A has 725 / 800 = 0.90625 → 0.9063 and ties with B.
    data = tier(
        A={"1": (725, 800), "2": (0, 100)},
        B={"1": (9063, 10000), "2": (100, 100)},
    )
    results = rank_intervals(data, draws=10)
    assert (results["A"].leave_one_out_low, results["B"].leave_one_out_high) == (1, 1)
