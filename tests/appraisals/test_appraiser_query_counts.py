"""The workspace's lists cost the same number of queries for 2 or 8 agencies."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dti.agencies.models import Role
from dti.appraisals.models import Appraisal, Decision
from dti.appraisals.services import decide
from tests.appraisals.appraiser_helpers import appraisal_campaign, appraising_departments
from tests.appraisals.cycle import ASSIGNMENT_PLAN
from tests.factories import make_user

pytestmark = pytest.mark.django_db

# (page, who looks at it): appraisers see their queue and the progress, not the consolidation.
PAGES = [
    *[
        (name, who)
        for name in ("queue", "progress")
        for who in ("working_group", "appraiser", "coordinator")
    ],
    *[
        (name, who)
        for name in ("consolidation", "consolidation_export")
        for who in ("working_group", "coordinator")
    ],
]


@pytest.fixture
def setting():
    """Two campaigns, of 2 and of 8 agencies, with some items decided in each."""
    coordinator = make_user(Role.COORDINATOR)
    departments = appraising_departments()
    users = {
        "working_group": make_user(Role.WORKING_GROUP),
        "appraiser": make_user(Role.APPRAISER, departments["SKHCN"]),
        "coordinator": coordinator,
    }
    campaigns = []
    for count, prefix in ((2, "S"), (8, "L")):
        campaign = appraisal_campaign(count, prefix, departments, coordinator)
        for number, appraisal in enumerate(
            Appraisal.objects.filter(assessment__campaign=campaign).select_related(
                "response__indicator", "assessment__campaign", "assessment__framework"
            )
        ):
            if number % 3 == 0:
                department = departments[ASSIGNMENT_PLAN[appraisal.response.indicator.code]]
                decide(
                    appraisal,
                    expected_version=0,
                    decision=Decision.ACCEPTED,
                    by=make_user(Role.APPRAISER, department),
                )
        campaigns.append(campaign)
    return users, campaigns


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


@pytest.mark.parametrize(("name", "who"), PAGES)
def test_query_count_does_not_grow_with_the_number_of_agencies(client, setting, name, who):
    users, (small, large) = setting
    client.force_login(users[who])

    def url(campaign):
        return reverse(f"appraisals:{name}", kwargs={"campaign_id": campaign.pk})

    queries_for(client, url(small))  # the first request also loads the session and caches
    small_count = queries_for(client, url(small))
    large_count = queries_for(client, url(large))
    assert small_count == large_count
    assert large_count < 20


def test_the_start_page_costs_the_same_whatever_the_number_of_items(client, setting):
    users, (_small, large) = setting
    client.force_login(users["working_group"])
    home = reverse("appraisals:home")
    queries_for(client, home)
    before = queries_for(client, home)
    Appraisal.objects.filter(assessment__campaign=large).delete()
    assert queries_for(client, home) == before


def test_the_large_queue_really_lists_more_items(client, setting):
    users, (small, large) = setting
    client.force_login(users["working_group"])

    def total(campaign):
        return client.get(reverse("appraisals:queue", kwargs={"campaign_id": campaign.pk})).context[
            "counts"
        ]["total"]

    assert (total(small), total(large)) == (7, 28)
