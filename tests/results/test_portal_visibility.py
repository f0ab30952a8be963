"""Results that are not published do not exist for the public: every portal URL answers 404
for an unpublished campaign — finalised or not — to anonymous visitors and to signed-in users
of other agencies alike, while the same URLs of a published campaign answer 200."""

import pytest
from django.urls import URLPattern, reverse

from dti.agencies.models import Role
from dti.campaigns.models import Phase
from dti.results import public_urls
from dti.results.models import Result
from tests.factories import make_agency, make_user
from tests.results.portal_helpers import results_campaign, tied_cycle, write_result

pytestmark = pytest.mark.django_db

CAMPAIGN_PATTERNS = [
    pattern
    for pattern in public_urls.urlpatterns
    if isinstance(pattern, URLPattern) and "campaign_id" in pattern.pattern.converters
]


def portal_urls(campaign) -> list[str]:
    """Every portal URL about ``campaign``, with arguments that exist in it."""
    values = {"campaign_id": campaign.pk, "tier": "department", "code": "SCT", "fmt": "csv"}
    urls = []
    for pattern in CAMPAIGN_PATTERNS:
        arguments = {name: values[name] for name in pattern.pattern.converters}
        urls.append(reverse(f"portal:{pattern.name}", kwargs=arguments))
    return urls


def other_agency_user():
    return make_user(Role.AGENCY_LEADER, make_agency("OTHER", name="Sở Khác"))


def test_the_portal_covers_the_ranking_the_agency_page_and_the_open_data():
    assert {pattern.name for pattern in CAMPAIGN_PATTERNS} == {
        "ranking",
        "agency",
        "opendata",
        "opendata_codebook",
        "opendata_page",
    }


def test_every_portal_url_of_a_published_campaign_answers_anonymous_visitors(client):
    cycle = tied_cycle()
    for url in portal_urls(cycle.campaign):
        assert client.get(url).status_code == 200, url


def test_a_finalised_but_unpublished_campaign_is_not_found_by_anybody(client):
    cycle = tied_cycle(until=Phase.FINALIZED)
    assert Result.objects.filter(assessment__campaign=cycle.campaign).count() == 2
    urls = portal_urls(cycle.campaign)
    for url in urls:
        assert client.get(url).status_code == 404, url
    client.force_login(other_agency_user())
    for url in urls:
        assert client.get(url).status_code == 404, url


def test_a_campaign_with_results_written_but_no_publication_date_is_not_found(client):
    agency = make_agency("SCT", name="Sở Công Thương")
    campaign = results_campaign([agency], published=False)
    write_result(campaign, agency, rank=1)
    client.force_login(other_agency_user())
    for url in portal_urls(campaign):
        assert client.get(url).status_code == 404, url


def test_an_unpublished_campaign_is_not_listed_on_the_portal_index(client):
    published = tied_cycle().campaign
    agency = make_agency("SXD", name="Sở Xây dựng")
    unpublished = results_campaign([agency], published=False, year=2026)
    write_result(unpublished, agency, rank=1)
    response = client.get(reverse("portal:index"))
    assert [item["campaign"].pk for item in response.context["campaigns"]] == [published.pk]
    assert unpublished.title not in response.content.decode()


def test_an_agency_a_tier_or_a_format_that_is_not_there_is_not_found(client):
    campaign = tied_cycle().campaign
    assert client.get(reverse("portal:agency", args=[campaign.pk, "SKHCN"])).status_code == 404
    for args in ((campaign.pk, "department", "pdf"), (campaign.pk, "commune", "csv")):
        assert client.get(reverse("portal:opendata", args=args)).status_code == 404
    codebook = reverse("portal:opendata_codebook", args=[campaign.pk, "commune"])
    assert client.get(codebook).status_code == 404
