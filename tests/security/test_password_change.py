"""Every signed-in user changes their own password (ASVS 2.1.5): the current one, the new one
twice and Django's password rules; the change is audited and signs the account out everywhere
else."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from dti.agencies.models import Role
from dti.audit.models import AuditEvent
from tests.factories import PASSWORD, make_user

from .helpers import sign_in

pytestmark = pytest.mark.django_db

PAGE = "/accounts/password/"
NEW = "Hồ Gươm mùa thu 2025"


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def change(client, current=PASSWORD, new=NEW, again=NEW, **extra):
    return client.post(
        PAGE,
        {"current_password": current, "new_password": new, "new_password_again": again},
        **extra,
    )


@pytest.mark.parametrize("role", Role.values)
def test_every_role_finds_the_page_in_the_menu_and_changes_its_password(client, role):
    user = make_user(role)
    sign_in(client, user.username)
    home = client.get("/", follow=True)
    assert f'href="{PAGE}"' in home.content.decode()
    assert reverse("accounts:password_change") == PAGE

    response = change(client)

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert (
        "Mật khẩu của bạn đã được thay đổi."
        in client.get(response.url, follow=True).content.decode()
    )


def test_a_wrong_current_password_changes_nothing_and_says_why(client):
    user = make_user(Role.AGENCY_STAFF)
    sign_in(client, user.username)
    response = change(client, current="khong-phai-mat-khau")
    assert response.status_code == 200
    assert "Đây không phải mật khẩu hiện tại của bạn." in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert not AuditEvent.objects.filter(action="account.password_change").exists()


def test_the_new_password_must_be_typed_twice_alike(client):
    user = make_user(Role.AGENCY_STAFF)
    sign_in(client, user.username)
    response = change(client, again=NEW + "x")
    assert response.context["form"].errors["new_password_again"] == [
        "Hai mật khẩu không khớp nhau."
    ]
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.parametrize(
    ("new", "field_error"),
    [
        ("ngan-qua", "Mật khẩu quá ngắn"),  # MinimumLengthValidator (10)
        ("password123", "Mật khẩu này quá phổ biến"),  # CommonPasswordValidator
        ("1234567890123", "Mật khẩu này hoàn toàn là số"),  # NumericPasswordValidator
    ],
)
def test_django_s_password_rules_apply(client, new, field_error):
    user = make_user(Role.AGENCY_STAFF)
    sign_in(client, user.username)
    response = change(client, new=new, again=new)
    errors = " ".join(response.context["form"].errors["new_password"])
    assert field_error in errors
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_the_current_password_is_not_a_new_one(client):
    user = make_user(Role.AGENCY_STAFF)
    sign_in(client, user.username)
    response = change(client, new=PASSWORD, again=PASSWORD)
    assert response.context["form"].errors["new_password"] == [
        "Hãy chọn mật khẩu khác với mật khẩu hiện tại."
    ]


def test_the_change_is_audited_without_the_password(client):
    user = make_user(Role.AGENCY_LEADER)
    sign_in(client, user.username)
    change(client, REMOTE_ADDR="198.51.100.23")
    event = AuditEvent.objects.get(action="account.password_change")
    assert (event.actor, event.object_id, event.ip_address) == (
        user,
        str(user.pk),
        "198.51.100.23",
    )
    assert event.agency == user.agency
    assert NEW not in str(event.before) + str(event.after) + event.reason


def test_other_sessions_end_and_this_one_goes_on(client):
    user = make_user(Role.AGENCY_STAFF)
    elsewhere = Client()
    sign_in(elsewhere, user.username)
    assert elsewhere.get(reverse("notifications:list")).status_code == 200
    sign_in(client, user.username)

    change(client)

    assert client.get(reverse("notifications:list")).status_code == 200
    signed_out = elsewhere.get(reverse("notifications:list"))
    assert signed_out.status_code == 302 and signed_out.url.startswith("/login/")


def test_signing_in_afterwards_takes_the_new_password(client):
    user = make_user(Role.AGENCY_STAFF)
    sign_in(client, user.username)
    change(client)
    other = Client()
    assert sign_in(other, user.username).status_code == 200  # the old one: the form again
    assert sign_in(other, user.username, NEW).status_code == 302


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and response.url.startswith("/login/")
