"""The portal's front page lists the published campaigns with their tiers, and the public home
page links to it."""

import pytest
from django.urls import reverse

from dti.agencies.models import Tier
from tests.factories import make_agency
from tests.results.portal_helpers import results_campaign, small_framework, tied_cycle

pytestmark = pytest.mark.django_db


def test_published_campaigns_are_listed_newest_first_with_their_tiers(client):
    older = results_campaign(
        [make_agency("X-1", Tier.COMMUNE, name="Xã Một")],
        year=2024,
        framework=small_framework("TEST-XA", tier="commune", year=2024),
    )
    newer = tied_cycle().campaign
    response = client.get(reverse("portal:index"))
    listed = [
        (item["campaign"].pk, [tier["code"] for tier in item["tiers"]])
        for item in response.context["campaigns"]
    ]
    assert listed == [(newer.pk, ["department"]), (older.pk, ["commune"])]
    content = response.content.decode()
    assert reverse("portal:ranking", args=[older.pk, "commune"]) in content
    assert reverse("portal:opendata_page", args=[newer.pk]) in content


def test_the_public_home_page_links_to_the_portal(client):
    assert reverse("portal:index") in client.get(reverse("home")).content.decode()
