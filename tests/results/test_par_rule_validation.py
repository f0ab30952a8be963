"""A wrong PAR Index rule is refused with an error on each wrong field, and nothing changes."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from dti.agencies.models import Role
from dti.audit.models import AuditEvent
from dti.results.models import ParIndexRule
from dti.results.outcomes import RuleInvalid, check_bands, set_par_rule
from tests.factories import make_user
from tests.results.outcome_helpers import coordinator, published_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_bands_must_have_increasing_ranks_and_points_that_do_not_rise():
    _bands, errors = check_bands(
        [
            {"max_rank": 3, "points": 3},
            {"max_rank": 3, "points": Decimal("3.5")},
            {"max_rank": 10, "points": 2},
            {"otherwise": Decimal("2.5")},
        ],
        Decimal(4),
    )
    assert errors == {
        "bands[1].max_rank": ["Rank limits must increase from band to band: more than 3."],
        "bands[1].points": ["A lower rank cannot earn more points than a higher one: at most 3."],
        "bands[3].otherwise": [
            "A lower rank cannot earn more points than a higher one: at most 2."
        ],
    }


def test_band_values_are_checked_one_by_one():
    _bands, errors = check_bands(
        [
            {"max_rank": 0, "points": 1},
            {"max_rank": 2, "points": "many"},
            {"max_rank": 4, "points": Decimal("0.125")},
            {"max_rank": 5, "points": 9},
            {"max_rank": 6, "points": -1},
            {"otherwise": 0},
            {"max_rank": 7, "points": 0},
        ],
        Decimal(3),
    )
    assert errors == {
        "bands[0].max_rank": ["Give the lowest rank of the band, a whole number ≥ 1."],
        "bands[1].points": ["Give the points as a number."],
        "bands[2].points": ["Use at most 2 decimals."],
        "bands[3].points": ["At most the component maximum (3)."],
        "bands[4].points": ["Points cannot be negative."],
        "bands[5].otherwise": ["The points for all other ranks come alone, after the last band."],
    }


def test_valid_bands_are_stored_as_json_numbers():
    bands, errors = check_bands(
        [
            {"max_rank": 3, "points": Decimal("3.00")},
            {"max_rank": 10, "points": "2.5"},
            {"otherwise": 1},
        ],
        Decimal(3),
    )
    assert errors == {}
    assert bands == [
        {"max_rank": 3, "points": 3},
        {"max_rank": 10, "points": 2.5},
        {"otherwise": 1},
    ]


def test_the_rank_band_method_needs_bands_and_a_positive_maximum():
    campaign = published_campaign()
    with pytest.raises(RuleInvalid) as refused:
        set_par_rule(
            campaign,
            component_name=" ",
            method="rank_bands",
            component_max=Decimal(0),
            bands=[],
            by=coordinator(),
        )
    assert set(refused.value.errors) == {"component_name", "component_max", "bands"}
    assert not ParIndexRule.objects.exists()


def test_only_the_coordinator_may_change_the_rule():
    campaign = published_campaign()
    with pytest.raises(PermissionDenied):
        set_par_rule(
            campaign,
            component_name="PAR",
            method="proportional",
            component_max=Decimal(3),
            bands=[],
            by=make_user(Role.WORKING_GROUP),
        )


def band_post(**changes) -> dict:
    data = {
        "component_name": "Chuyển đổi số trong các cơ quan nhà nước",
        "method": "rank_bands",
        "component_max": "3",
        "band_1_max_rank": "5",
        "band_1_points": "3",
        "band_2_max_rank": "3",
        "band_2_points": "2.5",
        "band_3_max_rank": "",
        "band_3_points": "4",
        "band_4_max_rank": "20",
        "band_4_points": "1",
        "otherwise_points": "",
    }
    return data | changes


def test_the_page_refuses_wrong_bands_with_an_error_on_each_field_and_keeps_what_was_typed(client):
    campaign = published_campaign()
    client.force_login(coordinator())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    events = AuditEvent.objects.count()
    response = client.post(reverse("results:par", args=[campaign.pk]), band_post())
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {
        "band_2_max_rank": ["Rank limits must increase from band to band: more than 5."],
        "band_3_max_rank": ["Give both the rank and the points, or neither."],
        "band_3_points": ["At most the component maximum (3)."],
    }
    content = response.content.decode()
    for typed in ('value="5"', 'value="2.5"', 'value="4"', 'value="20"'):
        assert typed in content
    assert not ParIndexRule.objects.exists()
    assert AuditEvent.objects.count() == events


def test_the_page_refuses_a_gap_between_band_rows(client):
    campaign = published_campaign()
    client.force_login(coordinator())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        reverse("results:par", args=[campaign.pk]),
        band_post(band_2_max_rank="", band_2_points="", band_3_max_rank="8", band_3_points="2"),
    )
    assert response.context["form"].errors == {
        "band_2_max_rank": [
            "Fill in the bands from the first row down, without empty rows between."
        ]
    }
    assert not ParIndexRule.objects.exists()


def test_numbers_are_read_in_the_language_of_the_page(client):
    campaign = published_campaign()
    client.force_login(coordinator())
    response = client.post(
        reverse("results:par", args=[campaign.pk]),
        band_post(
            band_1_max_rank="3",
            band_2_max_rank="10",
            band_2_points="2,5",
            band_3_max_rank="",
            band_3_points="",
            band_4_max_rank="",
            band_4_points="",
            otherwise_points="1",
        ),
    )
    assert response.status_code == 302
    rule = ParIndexRule.objects.get(campaign=campaign)
    # Vietnamese is the default language: "2,5" is two and a half.
    assert rule.bands == [
        {"max_rank": 3, "points": 3},
        {"max_rank": 10, "points": 2.5},
        {"otherwise": 1},
    ]


def test_a_value_that_cannot_be_read_is_reported_once_alongside_the_rule_errors(client):
    campaign = published_campaign()
    client.force_login(coordinator())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        reverse("results:par", args=[campaign.pk]),
        band_post(component_name="", band_1_points="three", band_3_max_rank="8"),
    )
    errors = response.context["form"].errors
    assert set(errors) == {"component_name", "band_1_points", "band_2_max_rank", "band_3_points"}
    assert len(errors["band_1_points"]) == 1
    assert not ParIndexRule.objects.exists()
