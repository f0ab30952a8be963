"""The dashboard and its exports cost the same number of queries for 3 or 12 agencies."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dti.agencies.models import Role, Tier
from dti.assessments.services import mark_ready
from dti.campaigns.services import grant_extension
from tests.campaigns.dashboard_helpers import answer, deadlines_from_now
from tests.factories import make_agency, make_campaign, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    return make_user(Role.COORDINATOR)


def campaign_with(count, coordinator, prefix):
    """A campaign of ``count`` agencies, each answered, marked ready and with an extension."""
    agencies = [make_agency(f"{prefix}{number}", Tier.DEPARTMENT) for number in range(count)]
    campaign = make_campaign(agencies, by=coordinator, deadlines=deadlines_from_now(10))
    for assessment in campaign.assessments.select_related("agency"):
        staff = make_user(Role.AGENCY_STAFF, assessment.agency)
        codes = assessment.responses.values_list("indicator__code", flat=True)
        answer(assessment, staff, list(codes), with_evidence=True)
        mark_ready(assessment, staff)
        grant_extension(
            assessment,
            until=timezone.now() + datetime.timedelta(days=20),
            reason="Gia hạn",
            by=coordinator,
        )
    return campaign


def queries_for(client, name, campaign):
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse(f"campaigns:{name}", args=[campaign.pk]))
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("name", ["dashboard", "dashboard_export_xlsx", "dashboard_export_csv"])
def test_query_count_does_not_grow_with_the_number_of_agencies(client, coordinator, name):
    small = campaign_with(3, coordinator, "S")
    large = campaign_with(12, coordinator, "L")
    client.force_login(coordinator)
    queries_for(client, name, small)  # the first request also loads the session's user
    small_count = queries_for(client, name, small)
    large_count = queries_for(client, name, large)
    assert small_count == large_count
    assert large_count < 15
