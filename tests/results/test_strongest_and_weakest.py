"""The strongest and weakest indicators of a result (agency page and scorecard): two lists that
never share an indicator, ordered by share of the maximum with a stated tie rule (more points
at stake first, then the lower code in natural order), on small frameworks too."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from dti.results.models import Result
from dti.results.selectors import strongest_and_weakest
from tests.results.portal_helpers import indicator


def result_of(items: dict[str, tuple]) -> Result:
    """A result whose indicators are ``code: (points, max_points)``; max 0 means n/a."""
    return Result(
        indicators={
            code: indicator("1", points, maximum) for code, (points, maximum) in items.items()
        }
    )


def test_the_two_lists_never_share_an_indicator_when_every_share_is_the_same():
    items = {f"1.{number}": (5, 10) for number in range(1, 9)}
    strongest, weakest = strongest_and_weakest(result_of(items))
    assert strongest == ["1.1", "1.2", "1.3"]
    assert weakest == ["1.4", "1.5", "1.6"]


def test_at_full_marks_the_indicators_worth_more_points_are_the_strongest():
    items = {"1.1": (5, 5), "1.2": (20, 20), "1.3": (10, 10), "1.4": (30, 30), "1.5": (3, 6)}
    items |= {"2.1": (0, 10), "2.2": (2, 4)}
    strongest, weakest = strongest_and_weakest(result_of(items))
    assert strongest == ["1.4", "1.2", "1.3"]
    # 2.1 at 0 %, then 1.5 and 2.2 at 50 %: 1.5 has more points at stake (6 against 4).
    assert weakest == ["2.1", "1.5", "2.2"]


def test_equal_shares_and_weights_follow_the_codes_in_natural_order():
    items = {"1.10": (0, 10), "1.2": (0, 10), "1.9": (0, 10), "2.1": (10, 10)}
    items |= {"2.2": (10, 10), "2.3": (10, 10)}
    strongest, weakest = strongest_and_weakest(result_of(items))
    assert strongest == ["2.1", "2.2", "2.3"]
    assert weakest == ["1.2", "1.9", "1.10"]


def test_when_everything_has_full_marks_there_is_no_weakest_indicator():
    items = {f"1.{number}": (10, 10) for number in range(1, 7)}
    assert strongest_and_weakest(result_of(items)) == (["1.1", "1.2", "1.3"], [])


def test_when_nothing_has_points_there_is_no_strongest_indicator():
    items = {f"1.{number}": (0, 10) for number in range(1, 7)}
    assert strongest_and_weakest(result_of(items)) == ([], ["1.1", "1.2", "1.3"])


def test_a_small_framework_splits_its_indicators_between_the_two_lists():
    five = {"1.1": (10, 10), "1.2": (8, 10), "1.3": (6, 10), "1.4": (4, 10), "1.5": (2, 10)}
    assert strongest_and_weakest(result_of(five)) == (["1.1", "1.2"], ["1.5", "1.4"])
    two = {"1.1": (10, 10), "1.2": (2, 10)}
    assert strongest_and_weakest(result_of(two)) == (["1.1"], ["1.2"])
    assert strongest_and_weakest(result_of({"1.1": (7, 10)})) == ([], [])


def test_indicators_that_do_not_apply_are_not_compared():
    items = {"1.1": (0, 0), "1.2": (0, 0), "1.3": (9, 10), "1.4": (1, 10)}
    assert strongest_and_weakest(result_of(items)) == (["1.3"], ["1.4"])


@given(
    st.dictionaries(
        st.from_regex(r"[1-9]\.[1-9][0-9]?", fullmatch=True),
        st.tuples(st.integers(0, 20), st.sampled_from([0, 5, 10, 20])).map(
            lambda pair: (min(pair), pair[1])
        ),
        max_size=40,
    )
)
def test_the_lists_are_disjoint_ordered_and_at_most_half_of_the_indicators_each(items):
    strongest, weakest = strongest_and_weakest(result_of(items))
    applicable = [code for code, (_points, maximum) in items.items() if maximum]
    assert not set(strongest) & set(weakest)
    assert len(strongest) <= min(3, len(applicable) // 2)
    assert len(weakest) <= min(3, len(applicable) // 2)

    def share(code):
        points, maximum = items[code]
        return Decimal(points) / Decimal(maximum)

    assert [share(code) for code in strongest] == sorted(map(share, strongest), reverse=True)
    assert [share(code) for code in weakest] == sorted(map(share, weakest))
    assert all(share(code) > 0 for code in strongest)
    assert all(share(code) < 1 for code in weakest)
