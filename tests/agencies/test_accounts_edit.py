"""The coordinator edits an account's name, e-mail, role and agency under the same rules."""

import pytest
from django.urls import reverse

from dti.agencies.accounts import AccountProblems, update_account
from dti.agencies.models import Role, User
from dti.agencies.services import COORDINATOR_GROUP
from dti.audit.models import AuditEvent
from tests.factories import make_agency, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client):
    user = make_user(Role.COORDINATOR)
    client.force_login(user)
    return user


def edit(client, account, **fields):
    data = {
        "full_name": account.full_name or "Nguyễn Văn C",
        "email": account.email,
        "role": account.role,
        "agency": account.agency_id or "",
    }
    data.update(fields)
    return client.post(reverse("accounts:edit", args=[account.pk]), data)


def test_coordinator_changes_name_email_role_and_agency(client, coordinator):
    account = make_user(Role.AGENCY_STAFF)
    other_agency = make_agency()
    response = edit(
        client,
        account,
        full_name="Trần Thị B",
        email="tranthib@example.gov.vn",
        role=Role.AGENCY_LEADER,
        agency=other_agency.pk,
    )
    assert response.status_code == 302
    account.refresh_from_db()
    assert (account.full_name, account.email, account.role, account.agency) == (
        "Trần Thị B",
        "tranthib@example.gov.vn",
        Role.AGENCY_LEADER,
        other_agency,
    )


def test_the_change_is_audited_with_before_and_after(client, coordinator):
    first_agency = make_agency()
    account = make_user(Role.AGENCY_STAFF, agency=first_agency)
    second_agency = make_agency()
    edit(client, account, agency=second_agency.pk)
    event = AuditEvent.objects.get(action="account.update")
    assert event.actor == coordinator
    assert event.before["agency"] == first_agency.code
    assert event.after["agency"] == second_agency.code


def test_saving_without_a_change_records_nothing(client, coordinator):
    account = make_user(Role.AGENCY_STAFF)
    User.objects.filter(pk=account.pk).update(full_name="Lê Văn D")
    account.refresh_from_db()
    edit(client, account)
    account.refresh_from_db()
    assert account.full_name == "Lê Văn D"
    assert not AuditEvent.objects.filter(action="account.update").exists()


def test_removing_the_agency_of_an_agency_role_is_refused(client, coordinator):
    account = make_user(Role.AGENCY_LEADER)
    response = edit(client, account, agency="")
    assert list(response.context["form"].errors) == ["agency"]
    account.refresh_from_db()
    assert account.agency_id is not None


def test_an_appraiser_cannot_be_moved_to_an_agency_that_does_not_appraise(client, coordinator):
    account = make_user(Role.APPRAISER, agency=make_agency(is_appraising_unit=True))
    plain = make_agency(is_appraising_unit=False)
    response = edit(client, account, agency=plain.pk)
    assert list(response.context["form"].errors) == ["agency"]
    account.refresh_from_db()
    assert account.agency != plain


def test_a_working_group_member_may_lose_their_agency(client, coordinator):
    account = make_user(Role.WORKING_GROUP, agency=make_agency())
    edit(client, account, agency="")
    account.refresh_from_db()
    assert account.agency is None


def test_a_coordinator_cannot_change_their_own_role(client, coordinator):
    response = edit(client, coordinator, role=Role.COUNCIL_MEMBER, full_name="Tôi")
    coordinator.refresh_from_db()
    assert coordinator.role == Role.COORDINATOR
    assert response.status_code == 302
    assert coordinator.full_name == "Tôi"


def test_promotion_to_coordinator_grants_admin_rights_and_demotion_removes_them(
    client, coordinator
):
    account = make_user(Role.WORKING_GROUP)
    edit(client, account, role=Role.COORDINATOR)
    account.refresh_from_db()
    assert account.is_staff
    assert account.groups.filter(name=COORDINATOR_GROUP).exists()

    edit(client, account, role=Role.COUNCIL_MEMBER)
    account = User.objects.get(pk=account.pk)
    assert not account.is_staff
    assert not account.groups.filter(name=COORDINATOR_GROUP).exists()


def test_the_service_refuses_a_change_of_ones_own_role(coordinator):
    with pytest.raises(AccountProblems) as refused:
        update_account(
            coordinator,
            coordinator,
            full_name="Tôi",
            email="",
            role=Role.WORKING_GROUP,
            agency=None,
        )
    assert list(refused.value.problems) == ["role"]
    coordinator.refresh_from_db()
    assert coordinator.role == Role.COORDINATOR
