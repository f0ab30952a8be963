"""A password the coordinator set (a new account, a reset, an import) is known to the
coordinator: its user must choose their own at the next sign-in, before anything else."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from dti.agencies.accounts import add_account, import_accounts, reset_password
from dti.agencies.models import Role, User
from tests.factories import make_agency, make_user

from .helpers import code_for, sign_in

pytestmark = pytest.mark.django_db

PAGE = "/accounts/password/"
NEW = "Hồ Gươm mùa thu 2025"


def choose_own(client, current, **extra):
    return client.post(
        PAGE,
        {"current_password": current, "new_password": NEW, "new_password_again": NEW, **extra},
    )


@pytest.fixture
def coordinator():
    return make_user(Role.COORDINATOR)


def created_by_the_coordinator(client, coordinator) -> tuple[User, str]:
    """An account made on the Accounts page with a generated password, as its user gets it."""
    agency = make_agency()
    client.force_login(coordinator)
    client.post(
        reverse("accounts:create"),
        {
            "username": "canbo.moi",
            "full_name": "Cán bộ Mới",
            "role": Role.AGENCY_STAFF,
            "agency": agency.pk,
            "password_mode": "generate",
        },
    )
    user = User.objects.get(username="canbo.moi")
    password = client.get(reverse("accounts:temporary_password", args=[user.pk])).context[
        "password"
    ]
    client.logout()
    return user, password


def test_a_new_account_must_choose_its_password_before_any_page(client, coordinator):
    user, password = created_by_the_coordinator(client, coordinator)
    assert user.must_change_password

    response = sign_in(client, user.username, password)
    assert client.get(response.url).url == f"{PAGE}?next=%2F"
    for url in ["/", reverse("assessments:mine"), reverse("notifications:list"), "/admin/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(PAGE), url
    refused_form = client.post(reverse("notifications:read_all"))
    assert refused_form.url == PAGE
    page = client.get(PAGE)
    assert page.status_code == 200
    assert "Chọn mật khẩu của riêng bạn để tiếp tục" in page.content.decode()
    assert 'class="site-nav__user"' in page.content.decode()  # signing out stays possible

    response = choose_own(client, password, next="/notifications/")

    assert response.url == "/notifications/"
    user.refresh_from_db()
    assert not user.must_change_password and user.check_password(NEW)
    assert client.get(reverse("notifications:list")).status_code == 200


def test_signing_out_and_switching_the_language_stay_possible(client, coordinator):
    user, password = created_by_the_coordinator(client, coordinator)
    sign_in(client, user.username, password)
    assert client.post(reverse("set_language"), {"language": "en", "next": PAGE}).url == PAGE
    response = client.post(reverse("logout"))
    assert response.url == reverse("login")
    assert client.get(PAGE).url.startswith("/login/")


def test_a_reset_and_an_import_set_it_too(coordinator):
    user = make_user(Role.AGENCY_STAFF)
    assert not user.must_change_password  # an account made outside the Accounts pages
    reset_password(user, coordinator)
    user.refresh_from_db()
    assert user.must_change_password

    agency = make_agency("SYT")
    rows = (
        "username,full_name,email,role,agency_code,password\n"
        f"nhap.mot,Người Một,,agency_staff,{agency.code},\n"
        f"nhap.hai,Người Hai,,agency_staff,{agency.code},Mat-khau-do-dieu-phoi-dat-1\n"
    )
    import_accounts("tai-khoan.csv", rows.encode(), coordinator)
    assert set(
        User.objects.filter(must_change_password=True).values_list("username", flat=True)
    ) >= {
        "nhap.mot",
        "nhap.hai",
    }


def test_a_coordinator_who_resets_their_own_password_is_not_held(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("accounts:reset_password", args=[coordinator.pk]))
    assert client.get(response.url).status_code == 200  # the new password, shown once
    coordinator.refresh_from_db()
    assert not coordinator.must_change_password


def test_a_password_the_coordinator_typed_must_be_changed_as_well(coordinator):
    agency = make_agency()
    new = add_account(
        coordinator,
        username="lanhdao.moi",
        full_name="Lãnh đạo Mới",
        email="",
        role=Role.AGENCY_LEADER,
        agency=agency,
        password="Mat-khau-do-dieu-phoi-dat-2",
    )
    assert new.user.must_change_password


def test_the_second_factor_comes_first_when_it_is_required(client, coordinator, settings):
    settings.REQUIRE_2FA_FOR_ROLES = [Role.AGENCY_STAFF.value]
    user, password = created_by_the_coordinator(client, coordinator)
    sign_in(client, user.username, password)
    set_up = reverse("accounts:two_factor")
    assert client.get("/").url.startswith(set_up)
    assert client.get(PAGE).url.startswith(set_up)
    assert client.get(set_up).status_code == 200  # not sent on to the password page

    device = TOTPDevice.objects.get(user=user)
    client.post(set_up, {"token": code_for(device)})

    assert client.get("/").url.startswith(PAGE)
    choose_own(client, password)
    assert client.get(reverse("notifications:list")).status_code == 200


def test_an_account_with_a_password_of_its_own_is_not_held(client):
    user = make_user(Role.AGENCY_STAFF)
    sign_in(client, user.username)
    assert client.get(reverse("notifications:list")).status_code == 200
