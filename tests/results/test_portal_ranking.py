"""The public ranking shows the hand-computed DTI values of the small campaign, with the two
tied agencies sharing a rank, for anonymous visitors."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.results.portal_helpers import tied_cycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle():
    return tied_cycle()


def ranking_url(cycle):
    return reverse("portal:ranking", args=[cycle.campaign.pk, "department"])


def test_anonymous_visitors_see_the_hand_computed_ranking_with_a_shared_rank(client, cycle):
    response = client.get(ranking_url(cycle))
    assert response.status_code == 200
    rows = [
        (row.agency_code, row.rank, row.dti_value, row.points) for row in response.context["rows"]
    ]
    # SCT 45 / 60 and SYT 30 / 40 are both 0.7500: rank 1 for both, listed by agency code.
    assert rows == [
        ("SCT", 1, Decimal("0.7500"), Decimal("45.00")),
        ("SYT", 1, Decimal("0.7500"), Decimal("30.00")),
    ]


def test_the_ranking_page_writes_values_in_the_vietnamese_number_format(client, cycle):
    content = client.get(ranking_url(cycle)).content.decode()
    assert content.count("<strong>0,7500</strong>") == 2
    assert "45 / 60" in content
    assert "30 / 40" in content


def test_the_ranking_page_links_each_agency_and_the_open_data_files_of_its_tier(client, cycle):
    content = client.get(ranking_url(cycle)).content.decode()
    campaign = cycle.campaign.pk
    assert reverse("portal:agency", args=[campaign, "SCT"]) in content
    assert reverse("portal:agency", args=[campaign, "SYT"]) in content
    for fmt in ("csv", "json", "xlsx"):
        assert reverse("portal:opendata", args=[campaign, "department", fmt]) in content
    assert reverse("portal:opendata_codebook", args=[campaign, "department"]) in content
    assert reverse("portal:opendata_page", args=[campaign]) in content


def test_an_agency_without_an_earlier_result_shows_no_change(client, cycle):
    rows = client.get(ranking_url(cycle)).context["rows"]
    assert [row.change for row in rows] == [None, None]


def test_a_tier_the_campaign_does_not_assess_is_not_found(client, cycle):
    url = reverse("portal:ranking", args=[cycle.campaign.pk, "commune"])
    assert client.get(url).status_code == 404
