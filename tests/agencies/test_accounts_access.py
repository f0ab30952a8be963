"""Only the coordinator reaches account management; everyone else is refused on the server."""

import pytest
from django.urls import reverse

from dti.agencies.models import Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def account_urls(target_pk: int) -> list[tuple[str, str]]:
    """Every accounts URL with the HTTP method it answers."""
    return [
        ("get", reverse("accounts:list")),
        ("get", reverse("accounts:create")),
        ("post", reverse("accounts:create")),
        ("get", reverse("accounts:import")),
        ("post", reverse("accounts:import")),
        ("get", reverse("accounts:import_template")),
        ("get", reverse("accounts:import_passwords")),
        ("get", reverse("accounts:edit", args=[target_pk])),
        ("post", reverse("accounts:edit", args=[target_pk])),
        ("post", reverse("accounts:deactivate", args=[target_pk])),
        ("post", reverse("accounts:activate", args=[target_pk])),
        ("post", reverse("accounts:reset_password", args=[target_pk])),
        ("get", reverse("accounts:temporary_password", args=[target_pk])),
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
def test_every_other_role_gets_403_on_every_accounts_url(client, role):
    target = make_user(Role.AGENCY_STAFF)
    password_hash = target.password
    client.force_login(make_user(role))
    for method, url in account_urls(target.pk):
        response = getattr(client, method)(url)
        assert response.status_code == 403, (method, url)
    target.refresh_from_db()
    assert target.is_active
    assert target.password == password_hash


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    target = make_user(Role.AGENCY_STAFF)
    for method, url in account_urls(target.pk):
        response = getattr(client, method)(url)
        assert response.status_code == 302, (method, url)
        assert response.url.startswith(reverse("login")), (method, url)


def test_an_inactive_coordinator_is_refused(client):
    coordinator = make_user(Role.COORDINATOR)
    client.force_login(coordinator)
    type(coordinator).objects.filter(pk=coordinator.pk).update(is_active=False)
    response = client.get(reverse("accounts:list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_coordinator_opens_every_accounts_page(client):
    target = make_user(Role.AGENCY_STAFF)
    client.force_login(make_user(Role.COORDINATOR))
    for name, args in [
        ("accounts:list", []),
        ("accounts:create", []),
        ("accounts:import", []),
        ("accounts:import_template", []),
        ("accounts:edit", [target.pk]),
        ("accounts:temporary_password", [target.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 200, name
