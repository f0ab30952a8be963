"""Every proposal carries its justification in words and numbers, taken from the results."""

from decimal import Decimal

import pytest
from django.utils import translation

from dti.frameworks.mapping_format import check_mapping, store_mapping
from dti.frameworks.services import load_framework
from dti.results.models import Result
from dti.results.outcomes import award_tables, set_award_rule
from tests.frameworks.helpers import small_document
from tests.results.outcome_helpers import coordinator, published_campaign

pytestmark = pytest.mark.django_db


def tier_awards(campaign, **rule):
    rule = set_award_rule(
        campaign,
        top_n=rule.get("top_n"),
        min_dti_value=rule.get("min_dti_value"),
        no_zero_indicator=rule.get("no_zero_indicator", False),
        by=coordinator(),
    )
    (tier,) = award_tables(campaign, rule)
    return tier


def justifications(tier) -> dict[str, str]:
    return {item.agency.code: item.justification for item in tier.proposals}


def test_the_justification_gives_rank_dti_value_zero_indicators_and_robustness():
    with translation.override("en"):
        tier = tier_awards(published_campaign(), top_n=2)
        texts = justifications(tier)
    assert texts["A1"] == (
        "Ranked 1/6 among the departments, DTI value 0.9500; no indicator at 0 points; "
        "rank stable when the group weights change."
    )
    assert texts["A3"] == (
        "Ranked 2/6 among the departments, DTI value 0.8500; 1 indicator at 0 points (1.2); "
        "rank stable when the group weights change."
    )


def test_the_justification_names_the_threshold_the_place_and_a_fragile_rank():
    with translation.override("en"):
        tier = tier_awards(
            published_campaign(), top_n=3, min_dti_value=Decimal("0.6"), no_zero_indicator=True
        )
        texts = justifications(tier)
        reasons = {item.agency.code: item.reason for item in tier.exclusions}
    assert texts["A4"] == (
        "Ranked 4/6 among the departments, DTI value 0.7000; at least the minimum DTI value "
        "0.6000; place 3 among the agencies meeting the conditions (best 3); no indicator at "
        "0 points; rank sensitive to the group weights (between 3 and 5)."
    )
    assert reasons == {"A3": "1 indicator at 0 points (1.2)."}


def test_numbers_are_written_the_vietnamese_way_in_vietnamese():
    with translation.override("vi"):
        texts = justifications(tier_awards(published_campaign(), top_n=1))
    assert "1/6" in texts["A1"]
    assert "0,9500" in texts["A1"]


def test_the_change_against_the_previous_year_is_given_when_the_frameworks_are_mapped():
    earlier = published_campaign(year=2024)
    Result.objects.filter(assessment__campaign=earlier, assessment__agency__code="A1").update(
        dti_value=Decimal("0.9000")
    )
    later_framework = load_framework(small_document() | {"version": 2})
    later = published_campaign(year=2025, framework=later_framework)
    with translation.override("en"):
        before_mapping = justifications(tier_awards(later, top_n=1))["A1"]
        checked, problems = check_mapping(
            {
                "from": {"code": "TEST-SMALL", "version": 1},
                "to": {"code": "TEST-SMALL", "version": 2},
                "source_confirmed": False,
                "indicators": {"1.1": "1.1"},
            }
        )
        assert not problems
        store_mapping(checked)
        after_mapping = justifications(tier_awards(later, top_n=1))["A1"]
    assert "2024" not in before_mapping
    assert after_mapping.endswith("; +0.0500 against 2024.")
