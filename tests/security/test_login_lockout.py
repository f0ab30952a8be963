"""Repeated wrong passwords lock the username at that address; the lock-out is logged, audited
and shown; the coordinator can lift it."""

import logging

import pytest
from django.test import Client
from django.urls import reverse

from dti.agencies.models import Role
from dti.audit.models import AuditEvent
from tests.factories import make_user

from .helpers import sign_in

pytestmark = pytest.mark.django_db

LIMIT = 5


@pytest.fixture(autouse=True)
def _five_failures_lock_for_thirty_minutes(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT


def fail_to_sign_in(client, username, times, **request_extra):
    return [
        sign_in(client, username, password="wrong-password", **request_extra)
        for _attempt in range(times)
    ]


def test_wrong_passwords_below_the_limit_leave_the_sign_in_page_usable(client):
    user = make_user(Role.AGENCY_STAFF)
    failures = fail_to_sign_in(client, user.username, LIMIT - 1)
    assert [response.status_code for response in failures] == [200] * (LIMIT - 1)
    assert sign_in(client, user.username).status_code == 302


def test_the_fifth_wrong_password_locks_out_even_the_right_password(client):
    user = make_user(Role.AGENCY_STAFF)
    *_earlier, locking = fail_to_sign_in(client, user.username, LIMIT)
    assert locking.status_code == 429
    assert "registration/locked_out.html" in [template.name for template in locking.templates]
    assert locking.context["lockout_minutes"] == 30
    right_password = sign_in(client, user.username)
    assert right_password.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_out_is_for_that_username_from_that_address_only(client):
    user = make_user(Role.AGENCY_STAFF)
    other = make_user(Role.AGENCY_STAFF)
    fail_to_sign_in(client, user.username, LIMIT)
    assert sign_in(Client(), other.username).status_code == 302
    assert sign_in(Client(), user.username, REMOTE_ADDR="10.1.2.3").status_code == 302


def test_a_successful_sign_in_forgets_the_earlier_failures(client):
    user = make_user(Role.AGENCY_STAFF)
    fail_to_sign_in(client, user.username, LIMIT - 1)
    assert sign_in(client, user.username).status_code == 302
    client.logout()
    fail_to_sign_in(client, user.username, LIMIT - 1)
    assert sign_in(client, user.username).status_code == 302


def test_the_lock_out_is_logged_and_audited_once(client, caplog):
    user = make_user(Role.AGENCY_LEADER)
    with caplog.at_level(logging.WARNING, logger="dti.agencies.lockout"):
        fail_to_sign_in(client, user.username, LIMIT + 2)
    lockout_lines = [r.getMessage() for r in caplog.records if r.name == "dti.agencies.lockout"]
    assert len(lockout_lines) == 1
    assert user.username in lockout_lines[0] and "127.0.0.1" in lockout_lines[0]
    event = AuditEvent.objects.get(action="account.lockout")
    assert event.object_id == str(user.pk)
    assert event.actor is None
    assert event.ip_address == "127.0.0.1"
    assert event.after == {"failures": LIMIT, "locked_minutes": 30, "from": "127.0.0.1"}


def test_an_unknown_username_is_locked_and_logged_without_an_audit_event(client, caplog):
    with caplog.at_level(logging.WARNING, logger="dti.agencies.lockout"):
        *_earlier, locking = fail_to_sign_in(client, "nobody-here", LIMIT)
    assert locking.status_code == 429
    assert any("nobody-here" in record.getMessage() for record in caplog.records)
    assert not AuditEvent.objects.filter(action="account.lockout").exists()


def test_the_account_page_shows_the_lock_out_to_the_coordinator(client):
    user = make_user(Role.AGENCY_STAFF)
    fail_to_sign_in(Client(), user.username, LIMIT)
    client.force_login(make_user(Role.COORDINATOR))
    page = client.get(reverse("accounts:edit", args=[user.pk]))
    [lockout] = page.context["lockouts"]
    assert lockout.ip_address == "127.0.0.1"
    assert lockout.failures == LIMIT


def test_the_coordinator_unlocks_the_account_and_the_unlock_is_audited(client):
    user = make_user(Role.AGENCY_STAFF)
    browser = Client()
    fail_to_sign_in(browser, user.username, LIMIT)
    coordinator = make_user(Role.COORDINATOR)
    client.force_login(coordinator)
    response = client.post(reverse("accounts:unlock", args=[user.pk]))
    assert response.status_code == 302
    assert sign_in(browser, user.username).status_code == 302
    event = AuditEvent.objects.get(action="account.unlock")
    assert event.actor == coordinator
    assert event.object_id == str(user.pk)
    assert event.before == {"locked_from": ["127.0.0.1"]}


def test_unlocking_an_account_that_is_not_locked_records_nothing(client):
    user = make_user(Role.AGENCY_STAFF)
    client.force_login(make_user(Role.COORDINATOR))
    client.post(reverse("accounts:unlock", args=[user.pk]))
    assert not AuditEvent.objects.filter(action="account.unlock").exists()


@pytest.mark.parametrize("role", [Role.AGENCY_LEADER, Role.WORKING_GROUP, Role.APPRAISER])
def test_only_the_coordinator_can_unlock(client, role):
    user = make_user(Role.AGENCY_STAFF)
    fail_to_sign_in(Client(), user.username, LIMIT)
    client.force_login(make_user(role))
    assert client.post(reverse("accounts:unlock", args=[user.pk])).status_code == 403
    assert sign_in(Client(), user.username).status_code == 429
