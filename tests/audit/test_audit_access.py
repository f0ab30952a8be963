"""Only the coordinator reads and exports the audit trail; the server refuses everyone else."""

import pytest
from django.urls import reverse

from dti.agencies.models import Role
from tests.audit.helpers import make_event
from tests.factories import make_user

pytestmark = pytest.mark.django_db

AUDIT_URLS = [
    reverse("audit:list"),
    reverse("audit:export") + "?format=csv",
    reverse("audit:export") + "?format=xlsx",
]


@pytest.mark.parametrize(
    "role",
    [
        Role.AGENCY_STAFF,
        Role.AGENCY_LEADER,
        Role.APPRAISER,
        Role.WORKING_GROUP,
        Role.COUNCIL_MEMBER,
    ],
)
def test_every_other_role_gets_403(client, role):
    make_event(reason="secret reason")
    client.force_login(make_user(role))
    for url in AUDIT_URLS:
        response = client.get(url)
        assert response.status_code == 403, url
        assert b"secret reason" not in response.content


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    for url in AUDIT_URLS:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


def test_the_coordinator_reads_and_exports_it(client):
    client.force_login(make_user(Role.COORDINATOR))
    for url in AUDIT_URLS:
        assert client.get(url).status_code == 200, url


def test_the_menu_offers_it_to_the_coordinator_only(client):
    audit_url = reverse("audit:list")
    client.force_login(make_user(Role.COORDINATOR))
    menu = client.get(reverse("audit:list")).context["admin_menu"]
    assert audit_url in [url for url, _label in menu]
    client.force_login(make_user(Role.WORKING_GROUP))
    menu = client.get(reverse("campaigns:list")).context["admin_menu"]
    assert audit_url not in [url for url, _label in menu]


def test_the_list_refuses_to_be_changed_by_post(client):
    client.force_login(make_user(Role.COORDINATOR))
    assert client.post(reverse("audit:list")).status_code == 405
    assert client.post(reverse("audit:export")).status_code == 405
