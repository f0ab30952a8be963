"""The key pages make as many SQL queries for a campaign of 12 agencies as for one of 3, and
for a framework of 47 indicators as for one of 16.

Every campaign comes from the scale generator (responses, evidence, appraisals and frozen
results): two with the shipped 47-indicator commune framework, one with a cut-down copy of it
that keeps the first two indicators of each group. Each page is requested with the campaign in
the phase in which it is used, by the role that uses it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dti.agencies.models import User
from dti.campaigns.models import Campaign, Phase
from dti.core.demo import DATA_DIR
from dti.core.scale import commune_framework, generate_campaign
from dti.frameworks.files import read_framework_path
from dti.frameworks.services import load_framework
from tests.bench.helpers import flushed_afterwards

pytestmark = pytest.mark.django_db

SMALL, LARGE = 3, 12
ALL_INDICATORS, FEW_INDICATORS = 47, 16


def first_two_indicators_per_group() -> dict:
    """The shipped commune framework cut down to the first two indicators of each group (under
    its own code), with the group and framework maxima recomputed as the loader requires."""
    document = read_framework_path(DATA_DIR / "hanoi-2025-commune.yaml")
    document["code"] += "-RUT-GON"
    for group in document["groups"]:
        group["indicators"] = group["indicators"][:2]
        group["max_points"] = sum(indicator["max_points"] for indicator in group["indicators"])
    document["max_points"] = sum(group["max_points"] for group in document["groups"])
    return document


@pytest.fixture(scope="module")
def campaigns(django_db_setup, django_db_blocker):
    """Published campaigns: 3 agencies and 12 agencies (the first 3 the same) with the full
    framework, and the same 3 agencies with the cut-down framework."""
    with flushed_afterwards(django_db_blocker):
        commune_framework()  # loads the shipped frameworks and the agency lists
        cut_down = load_framework(first_two_indicators_per_group())
        runs = [(SMALL, None), (LARGE, None), (SMALL, cut_down)]
        yield [
            generate_campaign(
                agencies=count,
                seed=7,
                title=f"{count} agencies, {framework or 'full framework'}",
                phase=Phase.PUBLISHED,
                framework=framework,
            ).campaign
            for count, framework in runs
        ]


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


def query_counts(client, name: str, *compared: Campaign) -> list[int]:
    """The queries of page ``name`` for each campaign, as its user sees it in its phase."""
    page = PAGES[name]
    Campaign.objects.filter(pk__in=[campaign.pk for campaign in compared]).update(phase=page.phase)
    if page.username:
        client.force_login(User.objects.get(username=page.username))
    # The first request of each page also loads the session and framework definitions and
    # builds what is kept for a publication (tests/results/test_portal_query_counts.py counts
    # the building).
    for campaign in compared:
        queries_for(client, page.url(campaign))
    return [queries_for(client, page.url(campaign)) for campaign in compared]


@pytest.mark.parametrize("name", list(PAGES))
def test_the_page_makes_as_many_queries_for_12_agencies_as_for_3(client, campaigns, name):
    small, large, _cut_down = campaigns
    small_count, large_count = query_counts(client, name, small, large)
    assert (name, small_count) == (name, large_count)


@pytest.mark.parametrize("name", list(PAGES))
def test_the_page_makes_as_many_queries_for_47_indicators_as_for_16(client, campaigns, name):
    small, _large, cut_down = campaigns
    full_count, cut_down_count = query_counts(client, name, small, cut_down)
    assert (name, full_count) == (name, cut_down_count)


def test_the_campaigns_really_differ_in_size(campaigns):
    small, large, cut_down = campaigns
    assert [campaign.assessments.count() for campaign in campaigns] == [SMALL, LARGE, SMALL]
    assert large.assessments.first().responses.count() == ALL_INDICATORS
    assert cut_down.assessments.first().responses.count() == FEW_INDICATORS
    assert (
        small.assessments.first().appraisals.count()
        > cut_down.assessments.first().appraisals.count()
        > 0
    )
