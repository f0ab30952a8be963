"""The coordinator creates accounts of every role, with the role/agency rule and a password."""

import json

import pytest
from django.contrib.auth import authenticate
from django.urls import reverse

from dti.agencies.accounts import AccountProblems, add_account
from dti.agencies.models import Role, User
from dti.agencies.services import COORDINATOR_GROUP
from dti.audit.models import AuditEvent
from tests.factories import make_agency, make_user

pytestmark = pytest.mark.django_db

STRONG_PASSWORD = "mây-trắng-bay-2025"


@pytest.fixture
def coordinator(client):
    user = make_user(Role.COORDINATOR)
    client.force_login(user)
    return user


def form_data(**fields):
    data = {
        "username": "nguyenvana",
        "full_name": "Nguyễn Văn A",
        "email": "nguyenvana@example.gov.vn",
        "role": Role.AGENCY_STAFF,
        "agency": "",
        "password_mode": "generate",
        "password": "",
        "password_confirmation": "",
    }
    data.update(fields)
    return data


def agency_for(role):
    if role == Role.APPRAISER:
        return make_agency(is_appraising_unit=True)
    if role in (Role.AGENCY_STAFF, Role.AGENCY_LEADER):
        return make_agency()
    return None


@pytest.mark.parametrize("role", Role.values)
def test_coordinator_creates_an_account_of_each_role(client, coordinator, role):
    agency = agency_for(role)
    response = client.post(
        reverse("accounts:create"),
        form_data(role=role, agency=agency.pk if agency else ""),
    )
    created = User.objects.get(username="nguyenvana")
    assert response.status_code == 302
    assert created.role == role
    assert created.agency == agency
    assert created.full_name == "Nguyễn Văn A"
    assert created.is_active


def test_a_new_coordinator_gets_the_admin_rights_of_coordinators(client, coordinator):
    client.post(reverse("accounts:create"), form_data(role=Role.COORDINATOR))
    created = User.objects.get(username="nguyenvana")
    assert created.is_staff
    assert created.groups.filter(name=COORDINATOR_GROUP).exists()


def test_a_generated_password_is_shown_once_and_signs_in(client, coordinator):
    agency = make_agency()
    response = client.post(reverse("accounts:create"), form_data(agency=agency.pk))
    created = User.objects.get(username="nguyenvana")
    assert response.url == reverse("accounts:temporary_password", args=[created.pk])

    shown = client.get(response.url).context["password"]
    assert len(shown) >= 14
    assert authenticate(username="nguyenvana", password=shown) == created
    assert client.get(response.url).context["password"] is None


def test_a_typed_password_is_set_and_not_shown_again(client, coordinator):
    agency = make_agency()
    response = client.post(
        reverse("accounts:create"),
        form_data(
            agency=agency.pk,
            password_mode="type",
            password=STRONG_PASSWORD,
            password_confirmation=STRONG_PASSWORD,
        ),
    )
    assert response.url == reverse("accounts:list")
    assert authenticate(username="nguyenvana", password=STRONG_PASSWORD) is not None


@pytest.mark.parametrize("password", ["short", "password123", "12345678901234"])
def test_a_weak_typed_password_is_refused_next_to_the_field(client, coordinator, password):
    agency = make_agency()
    response = client.post(
        reverse("accounts:create"),
        form_data(
            agency=agency.pk,
            password_mode="type",
            password=password,
            password_confirmation=password,
        ),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["password"]
    assert not User.objects.filter(username="nguyenvana").exists()


def test_a_mistyped_confirmation_is_refused_next_to_it(client, coordinator):
    response = client.post(
        reverse("accounts:create"),
        form_data(
            agency=make_agency().pk,
            password_mode="type",
            password=STRONG_PASSWORD,
            password_confirmation=STRONG_PASSWORD + "x",
        ),
    )
    assert list(response.context["form"].errors) == ["password_confirmation"]
    assert not User.objects.filter(username="nguyenvana").exists()


@pytest.mark.parametrize("role", [Role.AGENCY_STAFF, Role.AGENCY_LEADER, Role.APPRAISER])
def test_roles_of_an_agency_are_refused_without_one(client, coordinator, role):
    response = client.post(reverse("accounts:create"), form_data(role=role, agency=""))
    assert list(response.context["form"].errors) == ["agency"]
    assert not User.objects.filter(username="nguyenvana").exists()


def test_an_appraiser_outside_an_appraising_unit_is_refused(client, coordinator):
    plain = make_agency(is_appraising_unit=False)
    response = client.post(
        reverse("accounts:create"), form_data(role=Role.APPRAISER, agency=plain.pk)
    )
    assert list(response.context["form"].errors) == ["agency"]
    assert not User.objects.filter(username="nguyenvana").exists()


def test_a_taken_username_is_refused_whatever_its_case(client, coordinator):
    make_user(Role.WORKING_GROUP, username="nguyenvana")
    response = client.post(
        reverse("accounts:create"), form_data(username="NguyenVanA", role=Role.WORKING_GROUP)
    )
    assert list(response.context["form"].errors) == ["username"]
    assert User.objects.filter(username__iexact="nguyenvana").count() == 1


def test_the_service_enforces_the_rules_without_the_form(coordinator):
    with pytest.raises(AccountProblems) as refused:
        add_account(
            coordinator,
            username="x.appraiser",
            full_name="X",
            email="",
            role=Role.APPRAISER,
            agency=make_agency(is_appraising_unit=False),
            password="short",
        )
    assert set(refused.value.problems) == {"agency", "password"}
    assert not User.objects.filter(username="x.appraiser").exists()


def test_creation_is_audited_without_the_password(client, coordinator):
    agency = make_agency()
    client.post(
        reverse("accounts:create"),
        form_data(
            agency=agency.pk,
            password_mode="type",
            password=STRONG_PASSWORD,
            password_confirmation=STRONG_PASSWORD,
        ),
    )
    event = AuditEvent.objects.get(action="account.create")
    assert event.actor == coordinator
    assert event.object_id == str(User.objects.get(username="nguyenvana").pk)
    assert event.after["role"] == Role.AGENCY_STAFF
    assert event.after["agency"] == agency.code
    stored = json.dumps([event.before, event.after, event.reason], ensure_ascii=False)
    assert STRONG_PASSWORD not in stored
    assert "password" not in stored
