"""A user turns on two-factor sign-in: QR code and secret, then a first code confirms it."""

from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from dti.agencies.models import Role
from dti.audit.models import AuditEvent
from tests.factories import make_user

from .helpers import code_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(client):
    user = make_user(Role.AGENCY_STAFF)
    client.force_login(user)
    return user


def test_the_set_up_page_shows_the_secret_as_a_qr_code_and_as_text(client, user):
    page = client.get(reverse("accounts:two_factor"))
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed
    assert page.context["qr_code"].startswith("data:image/svg+xml")
    typed_secret = page.context["secret"].replace(" ", "")
    assert b32decode(typed_secret + "=" * (-len(typed_secret) % 8)) == device.bin_key


def test_reloading_the_set_up_page_keeps_the_same_secret(client, user):
    first = client.get(reverse("accounts:two_factor")).context["secret"]
    second = client.get(reverse("accounts:two_factor")).context["secret"]
    assert first == second
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_a_wrong_code_does_not_turn_it_on(client, user):
    client.get(reverse("accounts:two_factor"))
    device = TOTPDevice.objects.get(user=user)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("accounts:two_factor"), {"token": wrong})
    assert response.status_code == 200
    assert response.context["form"].errors["token"]
    device.refresh_from_db()
    assert not device.confirmed


def test_a_code_that_is_not_six_digits_is_refused_with_a_reason(client, user):
    client.get(reverse("accounts:two_factor"))
    response = client.post(reverse("accounts:two_factor"), {"token": "12ab"})
    assert response.context["form"].errors["token"]


def test_the_right_code_turns_it_on_verifies_the_session_and_is_audited(client, user):
    client.get(reverse("accounts:two_factor"))
    device = TOTPDevice.objects.get(user=user)
    code = code_for(device)
    response = client.post(
        reverse("accounts:two_factor"), {"token": f"{code[:3]} {code[3:]}", "next": "/frameworks/"}
    )
    assert response.status_code == 302
    assert response.url == "/frameworks/"
    device.refresh_from_db()
    assert device.confirmed
    # The session counts as verified: pages open without asking for a code.
    assert client.get(reverse("notifications:list")).status_code == 200
    event = AuditEvent.objects.get(action="account.otp_enrol")
    assert event.actor == user
    assert event.after == {"two_factor": True}


def test_an_outside_next_address_is_not_followed(client, user):
    client.get(reverse("accounts:two_factor"))
    device = TOTPDevice.objects.get(user=user)
    response = client.post(
        reverse("accounts:two_factor"),
        {"token": code_for(device), "next": "https://evil.example/"},
    )
    assert response.url == reverse("home")


def test_once_on_the_page_shows_the_state_and_no_new_secret(client, user):
    client.get(reverse("accounts:two_factor"))
    device = TOTPDevice.objects.get(user=user)
    client.post(reverse("accounts:two_factor"), {"token": code_for(device)})
    page = client.get(reverse("accounts:two_factor"))
    assert page.context["device"] == device
    assert "secret" not in page.context
    assert TOTPDevice.objects.filter(user=user).count() == 1
