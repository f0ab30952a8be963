"""Only the coordinator proposes awards; every other role gets 403."""

import pytest
from django.urls import reverse

from dti.agencies.models import Role
from dti.results.models import AwardRule
from tests.factories import make_user
from tests.results.outcome_helpers import published_campaign

pytestmark = pytest.mark.django_db

PAGES = [
    ("results:awards", ()),
    ("results:awards_export", ("xlsx",)),
    ("results:awards_export", ("csv",)),
]


@pytest.mark.parametrize(
    "role",
    [
        Role.WORKING_GROUP,
        Role.COUNCIL_MEMBER,
        Role.APPRAISER,
        Role.AGENCY_STAFF,
        Role.AGENCY_LEADER,
    ],
)
def test_other_roles_are_refused_every_page_and_cannot_save_a_rule(client, role):
    campaign = published_campaign()
    client.force_login(make_user(role))
    for name, extra in PAGES:
        assert client.get(reverse(name, args=[campaign.pk, *extra])).status_code == 403
    response = client.post(reverse("results:awards", args=[campaign.pk]), {"top_n": "3"})
    assert response.status_code == 403
    assert not AwardRule.objects.exists()


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    campaign = published_campaign()
    response = client.get(reverse("results:awards", args=[campaign.pk]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_coordinator_reaches_the_page_and_the_exports(client):
    campaign = published_campaign()
    client.force_login(make_user(Role.COORDINATOR))
    response = client.post(reverse("results:awards", args=[campaign.pk]), {"top_n": "3"})
    assert response.status_code == 302
    for name, extra in PAGES:
        assert client.get(reverse(name, args=[campaign.pk, *extra])).status_code == 200
