"""Resetting a password sets a strong temporary one, shown once to the coordinator."""

import json

import pytest
from django.contrib.auth.password_validation import validate_password
from django.urls import reverse

from dti.agencies.accounts import generate_temporary_password
from dti.agencies.models import Role
from dti.audit.models import AuditEvent
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client):
    user = make_user(Role.COORDINATOR)
    client.force_login(user)
    return user


def reset(client, account) -> str:
    response = client.post(reverse("accounts:reset_password", args=[account.pk]))
    assert response.url == reverse("accounts:temporary_password", args=[account.pk])
    return client.get(response.url).context["password"]


def test_reset_changes_the_hash_and_the_shown_password_signs_in(client, coordinator):
    account = make_user(Role.AGENCY_LEADER)
    old_hash = account.password
    shown = reset(client, account)
    account.refresh_from_db()
    assert account.password != old_hash
    assert account.check_password(shown)
    assert not account.check_password(PASSWORD)
    client.logout()
    assert client.login(username=account.username, password=shown)


def test_the_temporary_password_is_shown_only_once(client, coordinator):
    account = make_user(Role.AGENCY_STAFF)
    assert reset(client, account)
    again = client.get(reverse("accounts:temporary_password", args=[account.pk]))
    assert again.context["password"] is None
    assert "no-store" in again["Cache-Control"]


def test_another_accounts_page_does_not_reveal_or_consume_it(client, coordinator):
    first, second = make_user(Role.AGENCY_STAFF), make_user(Role.AGENCY_STAFF)
    client.post(reverse("accounts:reset_password", args=[first.pk]))
    other = client.get(reverse("accounts:temporary_password", args=[second.pk]))
    assert other.context["password"] is None
    shown = client.get(reverse("accounts:temporary_password", args=[first.pk]))
    first.refresh_from_db()
    assert first.check_password(shown.context["password"])


def test_a_coordinator_resetting_their_own_password_stays_signed_in(client, coordinator):
    shown = reset(client, coordinator)
    coordinator.refresh_from_db()
    assert coordinator.check_password(shown)
    assert client.get(reverse("accounts:list")).status_code == 200


def test_reset_is_audited_without_the_password(client, coordinator):
    account = make_user(Role.AGENCY_STAFF)
    shown = reset(client, account)
    event = AuditEvent.objects.get(action="account.password_reset")
    assert event.actor == coordinator
    assert event.object_id == str(account.pk)
    assert shown not in json.dumps([event.before, event.after, event.reason])


def test_temporary_passwords_are_long_random_and_pass_the_validators():
    account = make_user(Role.AGENCY_STAFF)
    passwords = {generate_temporary_password(account) for _ in range(50)}
    assert len(passwords) == 50
    for password in passwords:
        assert len(password) >= 14
        validate_password(password, account)
