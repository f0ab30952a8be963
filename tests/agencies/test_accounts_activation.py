"""Deactivating an account stops it signing in; the coordinator cannot deactivate themselves."""

import pytest
from django.test import Client
from django.urls import reverse

from dti.agencies.models import Role
from dti.audit.models import AuditEvent
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client):
    user = make_user(Role.COORDINATOR)
    client.force_login(user)
    return user


def test_a_deactivated_account_cannot_sign_in(client, coordinator):
    account = make_user(Role.AGENCY_STAFF)
    client.post(reverse("accounts:deactivate", args=[account.pk]))
    account.refresh_from_db()
    assert not account.is_active
    assert not client.login(username=account.username, password=PASSWORD)


def test_a_deactivated_account_loses_its_open_session(client, coordinator):
    account = make_user(Role.WORKING_GROUP)
    their_browser = Client()
    their_browser.force_login(account)
    assert their_browser.get(reverse("agencies:list")).status_code == 200
    client.post(reverse("accounts:deactivate", args=[account.pk]))
    assert their_browser.get(reverse("agencies:list")).status_code == 302


def test_a_reactivated_account_signs_in_again(client, coordinator):
    account = make_user(Role.AGENCY_STAFF)
    client.post(reverse("accounts:deactivate", args=[account.pk]))
    client.post(reverse("accounts:activate", args=[account.pk]))
    account.refresh_from_db()
    assert account.is_active
    assert client.login(username=account.username, password=PASSWORD)


def test_a_coordinator_cannot_deactivate_themselves(client, coordinator):
    response = client.post(reverse("accounts:deactivate", args=[coordinator.pk]))
    coordinator.refresh_from_db()
    assert response.status_code == 302
    assert coordinator.is_active
    assert not AuditEvent.objects.filter(action="account.deactivate").exists()


def test_deactivation_and_reactivation_are_audited(client, coordinator):
    account = make_user(Role.AGENCY_STAFF)
    client.post(reverse("accounts:deactivate", args=[account.pk]))
    client.post(reverse("accounts:activate", args=[account.pk]))
    deactivated = AuditEvent.objects.get(action="account.deactivate")
    activated = AuditEvent.objects.get(action="account.activate")
    assert (deactivated.before, deactivated.after) == ({"is_active": True}, {"is_active": False})
    assert (activated.before, activated.after) == ({"is_active": False}, {"is_active": True})
    assert deactivated.actor == activated.actor == coordinator
    assert deactivated.object_id == str(account.pk)


def test_deactivation_needs_a_post(client, coordinator):
    account = make_user(Role.AGENCY_STAFF)
    assert client.get(reverse("accounts:deactivate", args=[account.pk])).status_code == 405
    account.refresh_from_db()
    assert account.is_active
