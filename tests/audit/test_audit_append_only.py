"""Nobody can change or delete an audit event: not the ORM, not Django admin, not raw SQL."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from dti.agencies.models import Role
from dti.audit.models import AuditEvent
from tests.audit.helpers import make_event
from tests.factories import make_user

pytestmark = pytest.mark.django_db

ORIGINAL_REASON = "the original reason"


@pytest.fixture
def event():
    return make_event(reason=ORIGINAL_REASON, after={"points": "10"})


def assert_untouched(event: AuditEvent) -> None:
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.reason == ORIGINAL_REASON
    assert stored.after == {"points": "10"}


# --- ORM -----------------------------------------------------------------------------------------


def test_saving_a_stored_event_again_raises(event):
    event.reason = "rewritten"
    with pytest.raises(PermissionError):
        event.save()
    assert_untouched(event)


def test_deleting_an_event_raises(event):
    with pytest.raises(PermissionError):
        event.delete()
    assert_untouched(event)


def test_queryset_update_and_delete_raise(event):
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="rewritten")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    assert_untouched(event)


# --- Django admin --------------------------------------------------------------------------------


@pytest.fixture(params=["coordinator", "superuser"])
def admin_user(request):
    user = make_user(Role.COORDINATOR)
    if request.param == "superuser":
        user.is_superuser = True
        user.save()
    return user


def test_admin_lists_the_events_read_only(client, admin_user, event):
    client.force_login(admin_user)
    listing = client.get(reverse("admin:audit_auditevent_changelist"))
    assert listing.status_code == 200
    assert event in listing.context["cl"].result_list
    assert listing.context["action_form"] is None  # no bulk action, so no "delete selected"
    detail = client.get(reverse("admin:audit_auditevent_change", args=[event.pk]))
    assert detail.status_code == 200
    assert not detail.context["has_change_permission"]
    assert b'name="_save"' not in detail.content


def test_admin_refuses_to_add_change_or_delete(client, admin_user, event):
    client.force_login(admin_user)
    change = reverse("admin:audit_auditevent_change", args=[event.pk])
    delete = reverse("admin:audit_auditevent_delete", args=[event.pk])
    add = reverse("admin:audit_auditevent_add")
    assert client.post(change, {"reason": "rewritten", "action": "x"}).status_code == 403
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(add).status_code == 403
    assert client.post(add, {"reason": "forged", "action": "x"}).status_code == 403
    assert_untouched(event)
    assert AuditEvent.objects.count() == 1


def test_admin_bulk_delete_action_does_nothing(client, admin_user, event):
    client.force_login(admin_user)
    client.post(
        reverse("admin:audit_auditevent_changelist"),
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    assert_untouched(event)


def test_other_roles_do_not_see_it_in_admin(client, event):
    client.force_login(make_user(Role.WORKING_GROUP))
    response = client.get(reverse("admin:audit_auditevent_changelist"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


# --- The database --------------------------------------------------------------------------------

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the trigger is installed on PostgreSQL only (SQLite's flush deletes rows)",
)


@postgresql_only
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditevent SET reason = 'rewritten' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ],
)
def test_raw_sql_cannot_update_or_delete_an_event(event, statement):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement, [event.pk])
    assert_untouched(event)


@postgresql_only
def test_raw_sql_can_still_insert_events(event):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditevent (at, action, object_type, object_id, object_repr, reason)"
            " VALUES (now(), 'x.y', 't', '1', 'r', '')"
        )
    assert AuditEvent.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_flush_still_empties_the_database_for_tests_and_restores():
    make_event(reason=ORIGINAL_REASON)
    call_command("flush", "--no-input", verbosity=0)
    assert not AuditEvent.objects.exists()
