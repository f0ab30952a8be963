"""Changes of who may do what made in Django admin are audited: a user's groups and permissions
and a group's permissions (many-to-many links, before and after), and the admin pages of auth
groups, second-factor devices and the sign-in lock-out records."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from bench.load.browser import parse_page
from dti.agencies.models import Role, User
from dti.audit.models import AuditEvent
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(client):
    """A server administrator (``createsuperuser``): the only one who may write these."""
    user = User.objects.create_superuser("quantri", "quantri@example.gov.vn", "Mat-khau-quan-tri-1")
    client.force_login(user)
    return user


def change_form(client, url: str, **changes) -> list[tuple[str, str]]:
    """The admin change form as the page fills it in; each of ``changes`` replaces every value
    sent under its name (a list for a multiple choice; give every multiple choice of the form,
    the page parser does not read which of their options are selected)."""
    pairs = parse_page(client.get(url).content.decode()).form_with("_save").submission()
    sent = [(name, value) for name, value in pairs if name not in changes]
    for name, value in changes.items():
        values = value if isinstance(value, list) else [value]
        sent += [(name, str(item)) for item in values]
    return sent


def post(client, url: str, pairs: list[tuple[str, str]]):
    data: dict[str, list[str]] = {}
    for name, value in pairs:
        data.setdefault(name, []).append(value)
    return client.post(url, data)


def permission(codename: str) -> Permission:
    return Permission.objects.get(codename=codename)


def account(role: str) -> User:
    """An account whose sign-up time has whole seconds, as the admin form sends it back."""
    user = make_user(role)
    User.objects.filter(pk=user.pk).update(date_joined=timezone.now().replace(microsecond=0))
    return user


def test_giving_a_user_a_group_and_a_permission_is_audited(client, superuser):
    staff = account(Role.AGENCY_STAFF)
    auditors = Group.objects.create(name="Kiểm toán")
    view_audit = permission("view_auditevent")
    url = reverse("admin:agencies_user_change", args=[staff.pk])

    answer = post(
        client,
        url,
        change_form(client, url, groups=[auditors.pk], user_permissions=[view_audit.pk]),
    )

    assert answer.status_code == 302, answer.content.decode()[:2000]
    assert list(staff.groups.all()) == [auditors]
    event = AuditEvent.objects.get(action="admin.change", object_type="agencies.user")
    assert (event.actor, event.object_id, event.agency) == (superuser, str(staff.pk), staff.agency)
    assert event.before == {"groups": [], "user_permissions": []}
    assert event.after == {"groups": ["Kiểm toán"], "user_permissions": [str(view_audit)]}


def test_taking_a_group_away_is_audited_with_what_it_was(client, superuser):
    coordinator = account(Role.COORDINATOR)  # in the coordinators' group
    [group] = coordinator.groups.all()
    url = reverse("admin:agencies_user_change", args=[coordinator.pk])

    post(client, url, change_form(client, url, groups=[], user_permissions=[]))

    event = AuditEvent.objects.get(action="admin.change", object_type="agencies.user")
    assert event.before == {"groups": [group.name]}
    assert event.after == {"groups": []}


def test_a_field_and_a_link_changed_together_make_one_event(client, superuser):
    staff = account(Role.AGENCY_STAFF)
    url = reverse("admin:agencies_user_change", args=[staff.pk])
    answer = post(
        client,
        url,
        change_form(
            client, url, is_staff="on", groups=[], user_permissions=[permission("view_agency").pk]
        ),
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    event = AuditEvent.objects.get(action="admin.change")
    assert event.before == {"is_staff": False, "user_permissions": []}
    assert event.after == {"is_staff": True, "user_permissions": [str(permission("view_agency"))]}


def test_a_group_s_permissions_are_audited_on_add_change_and_delete(client, superuser):
    add_url = reverse("admin:auth_group_add")
    answer = client.post(
        add_url, {"name": "Tổ công tác", "permissions": [permission("view_agency").pk]}
    )
    assert answer.status_code == 302
    group = Group.objects.get(name="Tổ công tác")
    added = AuditEvent.objects.get(action="admin.add", object_type="auth.group")
    assert added.after == {
        "id": group.pk,
        "name": "Tổ công tác",
        "permissions": [str(permission("view_agency"))],
    }

    change_url = reverse("admin:auth_group_change", args=[group.pk])
    post(
        client,
        change_url,
        change_form(client, change_url, permissions=[permission("change_agency").pk]),
    )
    changed = AuditEvent.objects.get(action="admin.change", object_type="auth.group")
    assert changed.before == {"permissions": [str(permission("view_agency"))]}
    assert changed.after == {"permissions": [str(permission("change_agency"))]}

    client.post(reverse("admin:auth_group_delete", args=[group.pk]), {"post": "yes"})
    deleted = AuditEvent.objects.get(action="admin.delete", object_type="auth.group")
    assert deleted.before["permissions"] == [str(permission("change_agency"))]
    assert not Group.objects.filter(pk=group.pk).exists()


def test_second_factor_devices_are_audited_without_their_secret(client, superuser):
    staff = make_user(Role.AGENCY_STAFF)
    device = TOTPDevice.objects.create(user=staff, name="authenticator app", confirmed=True)
    url = reverse("admin:otp_totp_totpdevice_change", args=[device.pk])

    answer = post(client, url, change_form(client, url, confirmed=[]))

    assert answer.status_code == 302, answer.content.decode()[:2000]
    event = AuditEvent.objects.get(action="admin.change", object_type="otp_totp.totpdevice")
    assert (event.actor, event.before, event.after) == (
        superuser,
        {"confirmed": True},
        {"confirmed": False},
    )
    client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})
    deleted = AuditEvent.objects.get(action="admin.delete", object_type="otp_totp.totpdevice")
    assert deleted.before["key"] == "(hidden)"
    assert device.key not in str(deleted.before)


def test_deleting_lock_out_records_is_audited(client, superuser):
    attempts = [
        AccessAttempt.objects.create(
            username=name,
            ip_address="203.0.113.5",
            user_agent="",
            path_info="/login/",
            failures_since_start=5,
            attempt_time=timezone.now(),
        )
        for name in ("canbo.syt", "canbo.sct")
    ]
    client.post(reverse("admin:axes_accessattempt_delete", args=[attempts[0].pk]), {"post": "yes"})
    changelist = reverse("admin:axes_accessattempt_changelist")
    actions = parse_page(client.get(changelist).content.decode()).form_with("action")
    assert "cleanup_expired_attempts" not in str(actions.submission())
    client.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [attempts[1].pk], "post": "yes"},
    )

    assert not AccessAttempt.objects.exists()
    deleted = AuditEvent.objects.filter(action="admin.delete", object_type="axes.accessattempt")
    assert sorted(event.before["username"] for event in deleted) == ["canbo.sct", "canbo.syt"]
    assert {event.actor for event in deleted} == {superuser}


def test_coordinators_cannot_open_these_pages(client):
    client.force_login(make_user(Role.COORDINATOR))
    for name in ("auth_group", "otp_totp_totpdevice", "axes_accessattempt"):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 403, name


def test_a_password_set_in_admin_is_audited_without_the_password(client, superuser):
    staff = account(Role.AGENCY_STAFF)
    url = reverse("admin:auth_user_password_change", args=[staff.pk])
    secret = "Mat-khau-moi-cua-can-bo-7"
    fields = {"password1": secret, "password2": secret}
    if "usable_password" in client.get(url).content.decode():
        fields["usable_password"] = "true"

    response = client.post(url, fields)

    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.check_password(secret)
    event = AuditEvent.objects.get(action="admin.password_change")
    assert (event.actor, event.object_id, event.reason) == (
        superuser,
        str(staff.pk),
        "Django admin",
    )
    assert secret not in str(event.before) + str(event.after)
    assert staff.password not in str(event.before) + str(event.after)


def test_a_refused_admin_password_is_not_audited(client, superuser):
    staff = account(Role.AGENCY_STAFF)
    url = reverse("admin:auth_user_password_change", args=[staff.pk])

    response = client.post(url, {"password1": "Mat-khau-moi-7", "password2": "khac-han-8"})

    assert response.status_code == 200
    assert not AuditEvent.objects.filter(action="admin.password_change").exists()
