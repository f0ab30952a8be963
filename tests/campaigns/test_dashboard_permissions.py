"""Only the coordinator and the working group see the dashboard and download its exports."""

import pytest
from django.urls import reverse

from dti.agencies.models import Role
from tests.campaigns.dashboard_helpers import deadlines_from_now
from tests.factories import make_agency, make_campaign, make_user

pytestmark = pytest.mark.django_db

URL_NAMES = ["dashboard", "dashboard_export_xlsx", "dashboard_export_csv"]


@pytest.fixture
def agency():
    return make_agency("SYT", name="Sở Y tế")


@pytest.fixture
def campaign(agency):
    return make_campaign([agency], deadlines=deadlines_from_now(10))


@pytest.mark.parametrize("name", URL_NAMES)
@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.WORKING_GROUP])
def test_coordinator_and_working_group_may_open_it(client, campaign, name, role):
    client.force_login(make_user(role))
    assert client.get(reverse(f"campaigns:{name}", args=[campaign.pk])).status_code == 200


@pytest.mark.parametrize("name", URL_NAMES)
@pytest.mark.parametrize(
    "role", [Role.AGENCY_STAFF, Role.AGENCY_LEADER, Role.APPRAISER, Role.COUNCIL_MEMBER]
)
def test_other_roles_get_403_even_for_their_own_agency(client, campaign, agency, name, role):
    client.force_login(make_user(role, agency if role != Role.COUNCIL_MEMBER else None))
    assert client.get(reverse(f"campaigns:{name}", args=[campaign.pk])).status_code == 403


@pytest.mark.parametrize("name", URL_NAMES)
def test_anonymous_visitors_are_sent_to_the_login_page(client, campaign, name):
    response = client.get(reverse(f"campaigns:{name}", args=[campaign.pk]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_an_unknown_campaign_is_not_found(client):
    client.force_login(make_user(Role.COORDINATOR))
    assert client.get(reverse("campaigns:dashboard", args=[999999])).status_code == 404
