"""The key pages make as many SQL queries for a campaign of 12 agencies as for one of 3.

Both campaigns come from the scale generator (47 indicators per agency, responses, evidence,
appraisals and frozen results); each page is requested with the campaign in the phase in which
it is used, by the role that uses it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dti.agencies.models import User
from dti.campaigns.models import Campaign, Phase
from tests.bench.helpers import generated_campaigns

pytestmark = pytest.mark.django_db

SMALL, LARGE = 3, 12


@pytest.fixture(scope="module")
def campaigns(django_db_setup, django_db_blocker):
    """A published campaign of 3 agencies and one of 12 (the first 3 are the same agencies)."""
    specs = [
        {"agencies": count, "seed": 7, "title": f"{count} agencies", "phase": Phase.PUBLISHED}
        for count in (SMALL, LARGE)
    ]
    with generated_campaigns(django_db_blocker, *specs) as reports:
        yield [report.campaign for report in reports]


@dataclass(frozen=True)
class Page:
    url_name: str
    username: str | None  # None: anonymous
    phase: str

    def url(self, campaign: Campaign) -> str:
        if self.url_name.startswith("assessments:"):
            assessment = campaign.assessments.get(agency__code="GEN-00001")
            args = [assessment.pk] + (["1.1"] if self.url_name.endswith("indicator") else [])
            return reverse(self.url_name, args=args)
        if self.url_name == "portal:ranking":
            return reverse(self.url_name, args=[campaign.pk, "commune"])
        if self.url_name == "campaigns:dashboard":
            return reverse(self.url_name, args=[campaign.pk])
        return reverse(self.url_name, kwargs={"campaign_id": campaign.pk})


PAGES = {
    "agency overview": Page("assessments:overview", "canbo.gen-00001", Phase.SELF_ASSESSMENT),
    "one indicator": Page("assessments:indicator", "canbo.gen-00001", Phase.SELF_ASSESSMENT),
    "appraiser queue": Page("appraisals:queue", "scale.thamdinh.skhcn.1", Phase.APPRAISAL_1),
    "coordinator dashboard": Page("campaigns:dashboard", "scale.dieuphoi", Phase.SELF_ASSESSMENT),
    "public ranking": Page("portal:ranking", None, Phase.PUBLISHED),
    "council ranking, live": Page("appraisals:council", "scale.hoidong", Phase.COUNCIL),
    "council ranking, frozen": Page("appraisals:council", "scale.hoidong", Phase.PUBLISHED),
    "consolidation": Page("appraisals:consolidation", "scale.tocongtac", Phase.APPRAISAL_1),
}


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


@pytest.mark.parametrize("name", list(PAGES))
def test_the_page_makes_as_many_queries_for_12_agencies_as_for_3(client, campaigns, name):
    page = PAGES[name]
    small, large = campaigns
    Campaign.objects.filter(pk__in=[small.pk, large.pk]).update(phase=page.phase)
    if page.username:
        client.force_login(User.objects.get(username=page.username))
    queries_for(client, page.url(small))  # the first request also loads the session, caches
    small_count = queries_for(client, page.url(small))
    large_count = queries_for(client, page.url(large))
    assert (name, small_count) == (name, large_count)


def test_the_two_campaigns_really_differ_in_size(campaigns):
    small, large = campaigns
    assert (small.assessments.count(), large.assessments.count()) == (SMALL, LARGE)
    assert large.assessments.first().responses.count() == 47
