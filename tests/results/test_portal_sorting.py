"""Sorting the public ranking by rank, by name (Vietnamese letters, diacritics ignored), by DTI
value, points, self-assessed DTI value and change against the previous year, in both
directions, also on the result of a search."""

from decimal import Decimal

import pytest
from django.urls import reverse

from dti.agencies.models import Tier
from dti.frameworks.models import FrameworkMapping
from tests.factories import make_agency
from tests.results.portal_helpers import results_campaign, small_framework, write_result

pytestmark = pytest.mark.django_db

# code: (name, this year's group points, last year's group points or None)
WARDS = {
    "P-ODUA": ("Phường Ô Chợ Dừa", (28, 26), (20, 20)),
    "P-BADINH": ("Phường Ba Đình", (27, 26), (27, 27)),
    "P-DONGDA": ("Phường Đống Đa", (26, 26), None),
    "P-CAUGIAY": ("Phường Cầu Giấy", (25, 26), (20, 26)),
    "P-DAIMO": ("Phường Đại Mỗ", (24, 26), None),
}
# Self-assessed group points: Cầu Giấy claimed the most, Ô Chợ Dừa the least.
SELF_POINTS = {
    "P-ODUA": (28, 26),
    "P-BADINH": (29, 27),
    "P-DONGDA": (28, 27),
    "P-CAUGIAY": (30, 30),
    "P-DAIMO": (29, 26),
}


@pytest.fixture
def campaign():
    framework = small_framework("TEST-XA", tier="commune")
    agencies = {
        code: make_agency(code, Tier.COMMUNE, name=name) for code, (name, _, _) in WARDS.items()
    }
    earlier = results_campaign(
        [agencies[code] for code, item in WARDS.items() if item[2]], year=2024, framework=framework
    )
    current = results_campaign(list(agencies.values()), framework=framework)
    for rank, (code, (_name, points, previous)) in enumerate(WARDS.items(), start=1):
        write_result(
            current,
            agencies[code],
            rank=rank,
            group_points=points,
            self_group_points=SELF_POINTS[code],
        )
        if previous:
            write_result(earlier, agencies[code], rank=rank, group_points=previous)
    FrameworkMapping.objects.create(source=framework, target=framework)
    return current


def names(client, campaign, **query):
    url = reverse("portal:ranking", args=[campaign.pk, "commune"])
    return [row.agency_name for row in client.get(url, query).context["rows"]]


def test_the_default_order_is_the_rank(client, campaign):
    assert names(client, campaign) == [item[0] for item in WARDS.values()]
    assert names(client, campaign, sort="rank", dir="desc") == [
        item[0] for item in reversed(WARDS.values())
    ]


def test_sorting_by_name_follows_the_letters_ignoring_diacritics(client, campaign):
    # A plain sort of the strings would put "Đ" and "Ô" after every unmarked letter.
    expected = [
        "Phường Ba Đình",
        "Phường Cầu Giấy",
        "Phường Đại Mỗ",
        "Phường Đống Đa",
        "Phường Ô Chợ Dừa",
    ]
    assert names(client, campaign, sort="name") == expected
    assert names(client, campaign, sort="name", dir="desc") == expected[::-1]


def test_sorting_by_change_starts_with_the_largest_and_ends_with_the_not_comparable(
    client, campaign
):
    # Changes: Ô Chợ Dừa 54/60 − 40/60 = +0.2333, Cầu Giấy 51/60 − 46/60 = +0.0833,
    # Ba Đình 53/60 − 54/60 = −0.0167; Đống Đa and Đại Mỗ have no earlier result.
    url = reverse("portal:ranking", args=[campaign.pk, "commune"])
    rows = client.get(url, {"sort": "change"}).context["rows"]
    assert [row.change for row in rows] == [
        Decimal("0.2333"),
        Decimal("0.0833"),
        Decimal("-0.0167"),
        None,
        None,
    ]
    assert names(client, campaign, sort="change", dir="asc")[:3] == [
        "Phường Ba Đình",
        "Phường Cầu Giấy",
        "Phường Ô Chợ Dừa",
    ]


def test_sorting_by_dti_value_or_points_starts_with_the_highest(client, campaign):
    by_rank = [item[0] for item in WARDS.values()]
    assert names(client, campaign, sort="dti_value") == by_rank
    assert names(client, campaign, sort="dti_value", dir="asc") == by_rank[::-1]
    assert names(client, campaign, sort="points") == by_rank
    assert names(client, campaign, sort="points", dir="asc") == by_rank[::-1]


def test_sorting_by_the_self_assessed_value_follows_what_each_agency_claimed(client, campaign):
    # Self-assessed points: Cầu Giấy 60, Ba Đình 56, Đống Đa 55, Đại Mỗ 55, Ô Chợ Dừa 54;
    # Đống Đa and Đại Mỗ tie at 0.9167 and keep the order of their codes (P-DAIMO first).
    url = reverse("portal:ranking", args=[campaign.pk, "commune"])
    rows = client.get(url, {"sort": "self_dti_value"}).context["rows"]
    assert [(row.agency_code, row.self_dti_value) for row in rows] == [
        ("P-CAUGIAY", Decimal("1.0000")),
        ("P-BADINH", Decimal("0.9333")),
        ("P-DAIMO", Decimal("0.9167")),
        ("P-DONGDA", Decimal("0.9167")),
        ("P-ODUA", Decimal("0.9000")),
    ]
    assert names(client, campaign, sort="self_dti_value", dir="asc") == [
        "Phường Ô Chợ Dừa",
        "Phường Đại Mỗ",
        "Phường Đống Đa",
        "Phường Ba Đình",
        "Phường Cầu Giấy",
    ]
    assert "0,9333" in client.get(url).content.decode()  # the column is shown


def test_a_search_without_diacritics_keeps_the_chosen_sort(client, campaign):
    # "da" starts a word of "Đại Mỗ" and of "Đống Đa" only.
    assert names(client, campaign, q="da", sort="points", dir="asc") == [
        "Phường Đại Mỗ",
        "Phường Đống Đa",
    ]
    assert names(client, campaign, q="DA", sort="points") == ["Phường Đống Đa", "Phường Đại Mỗ"]


def test_every_sortable_heading_links_its_sort_with_the_search_kept(client, campaign):
    url = reverse("portal:ranking", args=[campaign.pk, "commune"])
    content = client.get(url, {"q": "ba dinh", "sort": "points"}).content.decode()
    for key in ("rank", "name", "dti_value", "self_dti_value", "change"):
        assert f"?q=ba%20dinh&amp;sort={key}&amp;dir=" in content, key
    assert "?q=ba%20dinh&amp;sort=points&amp;dir=asc" in content  # a second click reverses


def test_an_unknown_sort_falls_back_to_the_rank(client, campaign):
    assert names(client, campaign, sort="shoe_size", dir="sideways") == names(client, campaign)
