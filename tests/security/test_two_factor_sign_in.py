"""With two-factor sign-in on, the password alone opens nothing: the code from the app does."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from dti.agencies.models import Role
from dti.audit.models import AuditEvent
from tests.factories import make_user

from .helpers import code_for, enrolled_device, sign_in

pytestmark = pytest.mark.django_db

VERIFY = "/accounts/two-factor/verify/"


@pytest.fixture
def coordinator():
    return make_user(Role.COORDINATOR)


def test_after_the_password_every_page_asks_for_the_code(client, coordinator):
    enrolled_device(coordinator)
    sign_in(client, coordinator.username)
    for url in ("/", reverse("campaigns:list"), reverse("accounts:list"), "/admin/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(VERIFY), url


def test_a_post_before_the_code_is_refused(client, coordinator):
    enrolled_device(coordinator)
    account = make_user(Role.AGENCY_STAFF)
    sign_in(client, coordinator.username)
    response = client.post(reverse("accounts:deactivate", args=[account.pk]))
    assert response.status_code == 302 and response.url == VERIFY
    account.refresh_from_db()
    assert account.is_active


def test_the_right_code_opens_the_page_asked_for(client, coordinator):
    device = enrolled_device(coordinator)
    sign_in(client, coordinator.username)
    asked = client.get(reverse("campaigns:list"))
    assert asked.url == f"{VERIFY}?next=%2Fcampaigns%2F"
    response = client.post(VERIFY, {"token": code_for(device), "next": "/campaigns/"})
    assert response.status_code == 302 and response.url == "/campaigns/"
    assert client.get(reverse("campaigns:list")).status_code == 200


def test_a_wrong_code_keeps_the_user_at_the_code(client, coordinator):
    device = enrolled_device(coordinator)
    sign_in(client, coordinator.username)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post(VERIFY, {"token": wrong})
    assert response.status_code == 200
    assert response.context["form"].errors["token"]
    assert client.get(reverse("campaigns:list")).status_code == 302


def test_wrong_codes_in_a_row_make_the_next_try_wait(client, coordinator):
    device = enrolled_device(coordinator)
    sign_in(client, coordinator.username)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    client.post(VERIFY, {"token": wrong})
    response = client.post(VERIFY, {"token": code_for(device)})
    assert response.status_code == 200
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    assert client.get(reverse("campaigns:list")).status_code == 302


def test_a_code_cannot_be_used_twice(client, coordinator, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a refused code would otherwise delay the next one
    device = enrolled_device(coordinator)
    code = code_for(device)
    sign_in(client, coordinator.username)
    client.post(VERIFY, {"token": code})
    other_browser = Client()
    sign_in(other_browser, coordinator.username)
    assert other_browser.post(VERIFY, {"token": code}).status_code == 200
    assert other_browser.post(VERIFY, {"token": code_for(device, steps_ahead=1)}).status_code == 302


def test_signing_out_is_possible_before_the_code(client, coordinator):
    enrolled_device(coordinator)
    sign_in(client, coordinator.username)
    client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session


def test_a_user_without_the_app_signs_in_with_the_password_alone(client):
    user = make_user(Role.COORDINATOR)
    sign_in(client, user.username)
    assert client.get(reverse("campaigns:list")).status_code == 200


def test_the_coordinator_resets_a_lost_device_and_the_reset_is_audited(client, coordinator):
    account = make_user(Role.COUNCIL_MEMBER)
    enrolled_device(account)
    client.force_login(coordinator)
    assert client.get(reverse("accounts:edit", args=[account.pk])).context["two_factor_device"]
    client.post(reverse("accounts:reset_two_factor", args=[account.pk]))
    assert not TOTPDevice.objects.filter(user=account).exists()
    event = AuditEvent.objects.get(action="account.otp_reset")
    assert event.actor == coordinator and event.object_id == str(account.pk)
    their_browser = Client()
    sign_in(their_browser, account.username)
    assert their_browser.get(reverse("appraisals:council_home")).status_code == 200


def test_only_the_coordinator_resets_two_factor_sign_in(client):
    account = make_user(Role.AGENCY_STAFF)
    enrolled_device(account)
    client.force_login(make_user(Role.AGENCY_LEADER, account.agency))
    assert client.post(reverse("accounts:reset_two_factor", args=[account.pk])).status_code == 403
    assert TOTPDevice.objects.filter(user=account).exists()
    assert not AuditEvent.objects.filter(action="account.otp_reset").exists()
