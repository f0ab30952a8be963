"""REQUIRE_2FA_FOR_ROLES: accounts of those roles set up two-factor sign-in before anything else."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from dti.agencies.models import Role
from dti.agencies.otp import reset_two_factor
from dti.core.security import TwoFactorMiddleware
from tests.factories import make_user

from .helpers import code_for, sign_in

pytestmark = pytest.mark.django_db

SET_UP = "/accounts/two-factor/"


@pytest.fixture(autouse=True)
def _required_for_coordinators_and_council(settings):
    settings.REQUIRE_2FA_FOR_ROLES = [Role.COORDINATOR.value, Role.COUNCIL_MEMBER.value]


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.COUNCIL_MEMBER])
def test_without_an_app_every_page_leads_to_the_set_up(client, role):
    user = make_user(role)
    assert sign_in(client, user.username).status_code == 302
    pages = [
        "/",
        reverse("campaigns:list"),
        reverse("frameworks:list"),
        reverse("appraisals:council_home"),
        reverse("accounts:list"),
        reverse("notifications:list"),
        reverse("accounts:two_factor_verify"),
        "/admin/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(SET_UP), url
    assert client.get(SET_UP).status_code == 200


def test_after_setting_it_up_the_pages_open(client):
    coordinator = make_user(Role.COORDINATOR)
    sign_in(client, coordinator.username)
    client.get(SET_UP)
    device = TOTPDevice.objects.get(user=coordinator)
    response = client.post(SET_UP, {"token": code_for(device), "next": "/campaigns/"})
    assert response.url == "/campaigns/"
    assert client.get(reverse("campaigns:list")).status_code == 200


def test_next_time_the_password_is_followed_by_the_code(client):
    coordinator = make_user(Role.COORDINATOR)
    sign_in(client, coordinator.username)
    client.get(SET_UP)
    device = TOTPDevice.objects.get(user=coordinator)
    client.post(SET_UP, {"token": code_for(device)})
    client.post(reverse("logout"))
    sign_in(client, coordinator.username)
    assert client.get(reverse("campaigns:list")).url.startswith("/accounts/two-factor/verify/")


def test_other_roles_are_not_asked(client):
    staff = make_user(Role.AGENCY_STAFF)
    sign_in(client, staff.username)
    assert client.get(reverse("notifications:list")).status_code == 200


def test_a_reset_device_must_be_set_up_again_before_going_on(client):
    member = make_user(Role.COUNCIL_MEMBER)
    sign_in(client, member.username)
    client.get(SET_UP)
    device = TOTPDevice.objects.get(user=member)
    client.post(SET_UP, {"token": code_for(device)})
    assert client.get(reverse("appraisals:council_home")).status_code == 200
    reset_two_factor(member, by=make_user(Role.COORDINATOR))
    assert client.get(reverse("appraisals:council_home")).url.startswith(SET_UP)


def test_an_unknown_role_in_the_setting_stops_the_start(settings):
    settings.REQUIRE_2FA_FOR_ROLES = ["coordinater"]
    with pytest.raises(ImproperlyConfigured, match="coordinater"):
        TwoFactorMiddleware(lambda request: None)
