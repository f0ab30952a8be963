"""Only the coordinator converts results into PAR Index points; every other role gets 403, and
an anonymous visitor the login page."""

import pytest
from django.urls import reverse

from dti.agencies.models import Role
from dti.results.models import ParIndexRule
from tests.factories import make_user
from tests.results.outcome_helpers import published_campaign

pytestmark = pytest.mark.django_db

PAGES = [("results:par", ()), ("results:par_export", ("xlsx",)), ("results:par_export", ("csv",))]
OTHER_ROLES = [
    Role.WORKING_GROUP,
    Role.COUNCIL_MEMBER,
    Role.APPRAISER,
    Role.AGENCY_STAFF,
    Role.AGENCY_LEADER,
]
RULE = {"component_name": "PAR", "method": "proportional", "component_max": "3"}


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_are_refused_every_page_and_cannot_save_a_rule(client, role):
    campaign = published_campaign()
    client.force_login(make_user(role))
    for name, extra in PAGES:
        assert client.get(reverse(name, args=[campaign.pk, *extra])).status_code == 403
    response = client.post(reverse("results:par", args=[campaign.pk]), RULE)
    assert response.status_code == 403
    assert not ParIndexRule.objects.exists()


def test_an_agency_user_of_a_ranked_agency_is_refused_too(client):
    campaign = published_campaign()
    agency = campaign.assessments.get(agency__code="A1").agency
    client.force_login(make_user(Role.AGENCY_LEADER, agency))
    assert client.get(reverse("results:par", args=[campaign.pk])).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    campaign = published_campaign()
    response = client.get(reverse("results:par", args=[campaign.pk]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_coordinator_reaches_the_page_and_the_exports(client):
    campaign = published_campaign()
    client.force_login(make_user(Role.COORDINATOR))
    assert client.post(reverse("results:par", args=[campaign.pk]), RULE).status_code == 302
    for name, extra in PAGES:
        assert client.get(reverse(name, args=[campaign.pk, *extra])).status_code == 200
