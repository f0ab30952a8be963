"""Sessions end when the browser closes, after 8 hours at most, and after an hour without use."""

import time

import pytest
from django.urls import reverse

from dti.agencies.models import Role
from dti.core.security import LAST_ACTIVITY_KEY
from tests.factories import make_user

from .helpers import sign_in

pytestmark = pytest.mark.django_db

IDLE_LIMIT_SECONDS = 60 * 60


@pytest.fixture
def staff(client):
    user = make_user(Role.AGENCY_STAFF)
    sign_in(client, user.username)
    return user


def last_seen(client, seconds_ago):
    session = client.session
    session[LAST_ACTIVITY_KEY] = int(time.time()) - seconds_ago
    session.save()


def test_the_session_cookie_ends_with_the_browser_and_the_session_after_eight_hours(client):
    user = make_user(Role.AGENCY_STAFF)
    response = sign_in(client, user.username)
    cookie = response.cookies["sessionid"]
    assert not cookie["max-age"] and not cookie["expires"]
    assert client.session.get_expiry_age() == 8 * 60 * 60


def test_an_hour_without_a_request_signs_the_user_out(client, staff):
    last_seen(client, IDLE_LIMIT_SECONDS + 5)
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=/notifications/"
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("notifications:list")).status_code == 302


def test_the_sign_in_page_says_why(client, staff):
    last_seen(client, IDLE_LIMIT_SECONDS + 5)
    page = client.get(reverse("notifications:list"), follow=True)
    [message] = list(page.context["messages"])
    assert "60" in str(message)


def test_using_the_platform_keeps_the_session(client, staff):
    last_seen(client, IDLE_LIMIT_SECONDS - 5)
    assert client.get(reverse("notifications:list")).status_code == 200
    assert int(time.time()) - client.session[LAST_ACTIVITY_KEY] < 5
    assert client.get(reverse("notifications:list")).status_code == 200


def test_the_idle_limit_comes_from_the_setting(client, staff, settings):
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 5
    last_seen(client, 5 * 60 + 5)
    assert client.get(reverse("notifications:list")).status_code == 302


def test_signing_in_starts_the_idle_clock(client):
    user = make_user(Role.AGENCY_STAFF)
    sign_in(client, user.username)
    assert int(time.time()) - client.session[LAST_ACTIVITY_KEY] < 5


def test_a_form_sent_after_the_idle_limit_is_not_applied(client):
    coordinator = make_user(Role.COORDINATOR)
    account = make_user(Role.AGENCY_STAFF)
    sign_in(client, coordinator.username)
    last_seen(client, IDLE_LIMIT_SECONDS + 5)
    response = client.post(reverse("accounts:deactivate", args=[account.pk]))
    assert response.status_code == 302 and response.url == reverse("login")
    account.refresh_from_db()
    assert account.is_active
