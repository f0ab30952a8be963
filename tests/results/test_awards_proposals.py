"""Which agencies the award rule proposes, on the hand-written results of outcome_helpers."""

from decimal import Decimal

import pytest
from django.utils import translation

from dti.results.outcomes import award_tables, set_award_rule
from tests.results.outcome_helpers import coordinator, published_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def proposals(top_n=None, min_dti_value=None, no_zero_indicator=False):
    campaign = published_campaign()
    rule = set_award_rule(
        campaign,
        top_n=top_n,
        min_dti_value=None if min_dti_value is None else Decimal(min_dti_value),
        no_zero_indicator=no_zero_indicator,
        by=coordinator(),
    )
    (tier,) = award_tables(campaign, rule)
    proposed = [(item.agency.code, item.place) for item in tier.proposals]
    excluded = [(item.agency.code, item.zero_codes) for item in tier.exclusions]
    return proposed, excluded


def test_top_n_proposes_the_best_n_of_the_tier_and_every_agency_tied_at_the_last_place():
    assert proposals(top_n=2) == ([("A1", 1), ("A2", 2), ("A3", 2)], [])


def test_a_threshold_proposes_every_agency_at_or_above_it():
    assert proposals(min_dti_value="0.7") == ([("A1", 1), ("A2", 2), ("A3", 2), ("A4", 4)], [])


def test_the_zero_indicator_condition_excludes_an_agency_and_says_which_indicator():
    # A3 (0.85) has 1.2 at 0 points; A1's 2.2 does not apply to it, which is not a zero.
    assert proposals(min_dti_value="0.7", no_zero_indicator=True) == (
        [("A1", 1), ("A2", 2), ("A4", 3)],
        [("A3", ["1.2"])],
    )


def test_top_n_counts_among_the_agencies_that_meet_the_other_conditions():
    # Meeting 0.6 with no zero: A1, A2, A4 (A3 and A5 have zeros); the best 3 are all of them.
    # Only A3 is listed as excluded: without the condition A5 (rank 5) would not be proposed.
    assert proposals(top_n=3, min_dti_value="0.6", no_zero_indicator=True) == (
        [("A1", 1), ("A2", 2), ("A4", 3)],
        [("A3", ["1.2"])],
    )


def test_an_excluded_agency_frees_no_place_beyond_n():
    assert proposals(top_n=2, min_dti_value="0.7", no_zero_indicator=True) == (
        [("A1", 1), ("A2", 2)],
        [("A3", ["1.2"])],
    )


def test_the_zero_indicator_condition_alone_lists_codes_in_reading_order():
    assert proposals(no_zero_indicator=True) == (
        [("A1", 1), ("A2", 2), ("A4", 3), ("A6", 4)],
        [("A3", ["1.2"]), ("A5", ["1.1", "2.1"])],
    )


def test_a_threshold_nobody_meets_proposes_nobody():
    assert proposals(min_dti_value="0.99") == ([], [])
