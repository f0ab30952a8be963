"""PAR Index points from the frozen results, computed by hand (see outcome_helpers)."""

from decimal import Decimal

import pytest
from django.utils import translation

from dti.campaigns.models import Phase
from dti.results.outcomes import par_tables, set_par_rule
from tests.appraisals.cycle import build_cycle
from tests.results.outcome_helpers import coordinator, published_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def points_by_agency(campaign, rule) -> dict[str, Decimal]:
    return {
        row.agency.code: row.points for table in par_tables(campaign, rule) for row in table.rows
    }


def test_proportional_points_are_the_maximum_times_the_dti_value_rounded_half_up():
    campaign = published_campaign()
    rule = set_par_rule(
        campaign,
        component_name="Chuyển đổi số trong các cơ quan nhà nước",
        method="proportional",
        component_max=Decimal("2.5"),
        bands=[],
        by=coordinator(),
    )
    # 2.5 × 0.95 = 2.375 → 2.38; 2.5 × 0.85 = 2.125 → 2.13 (half-up, not half-even 2.12);
    # 2.5 × 0.7 = 1.75; 2.5 × 0.6667 = 1.66675 → 1.67; 2.5 × 0.4 = 1.00.
    assert points_by_agency(campaign, rule) == {
        "A1": Decimal("2.38"),
        "A2": Decimal("2.13"),
        "A3": Decimal("2.13"),
        "A4": Decimal("1.75"),
        "A5": Decimal("1.67"),
        "A6": Decimal("1.00"),
    }


def test_rank_bands_give_each_agency_the_points_of_its_band():
    campaign = published_campaign()
    rule = set_par_rule(
        campaign,
        component_name="Chuyển đổi số trong các cơ quan nhà nước",
        method="rank_bands",
        component_max=Decimal(3),
        bands=[
            {"max_rank": 1, "points": 3},
            {"max_rank": 4, "points": Decimal("2.5")},
            {"otherwise": 1},
        ],
        by=coordinator(),
    )
    assert points_by_agency(campaign, rule) == {
        "A1": Decimal("3.00"),
        "A2": Decimal("2.50"),
        "A3": Decimal("2.50"),
        "A4": Decimal("2.50"),
        "A5": Decimal("1.00"),
        "A6": Decimal("1.00"),
    }


def test_tied_agencies_share_a_band_even_when_one_of_them_is_listed_past_its_last_rank():
    campaign = published_campaign()
    rule = set_par_rule(
        campaign,
        component_name="PAR",
        method="rank_bands",
        component_max=Decimal(3),
        bands=[{"max_rank": 2, "points": 3}, {"max_rank": 4, "points": 2}, {"otherwise": 1}],
        by=coordinator(),
    )
    points = points_by_agency(campaign, rule)
    # A2 and A3 are both ranked 2; A3 is the third row of the table, still in the first band.
    assert points["A2"] == points["A3"] == Decimal("3.00")
    assert points["A4"] == Decimal("2.00")
    assert points["A5"] == Decimal("1.00")


def test_ranks_below_the_last_band_get_zero_when_no_points_are_given_for_other_ranks():
    campaign = published_campaign()
    rule = set_par_rule(
        campaign,
        component_name="PAR",
        method="rank_bands",
        component_max=Decimal(3),
        bands=[{"max_rank": 3, "points": 2}],
        by=coordinator(),
    )
    points = points_by_agency(campaign, rule)
    assert [points[code] for code in ("A1", "A2", "A3", "A4")] == [Decimal("2.00")] * 3 + [
        Decimal("0.00")
    ]


def test_proportional_points_of_a_campaign_walked_through_the_whole_cycle():
    cycle = build_cycle()
    cycle.accept_all(1)
    cycle.move(Phase.APPRAISAL_2)
    cycle.accept_all(2)
    cycle.move(Phase.PUBLISHED)
    rule = set_par_rule(
        cycle.campaign,
        component_name="PAR",
        method="proportional",
        component_max=Decimal(3),
        bands=[],
        by=cycle.coordinator,
    )
    (table,) = par_tables(cycle.campaign, rule)
    # SYT: 20 + 7.5 + 10 = 37.5 of 40 (2.2 does not apply) = 0.9375 → 3 × 0.9375 = 2.8125 → 2.81.
    # SCT: 37.5 + 10 (2.2 "partial") = 47.5 of 60 = 0.7917 → 3 × 0.7917 = 2.3751 → 2.38.
    assert [
        (row.agency.code, row.result.rank, row.result.dti_value, row.points) for row in table.rows
    ] == [
        ("SYT", 1, Decimal("0.9375"), Decimal("2.81")),
        ("SCT", 2, Decimal("0.7917"), Decimal("2.38")),
    ]
