"""Raw edits in Django admin leave the same audit trail as the services, and a coordinator
cannot use Django admin to change accounts (roles, permissions, superuser status)."""

import pytest
from django.urls import reverse

from bench.load.browser import parse_page
from dti.agencies.models import Agency, Role, User
from dti.audit.models import AuditEvent
from dti.frameworks.models import Framework
from dti.frameworks.services import load_framework
from tests.factories import make_agency, make_user
from tests.frameworks.helpers import small_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client):
    user = make_user(Role.COORDINATOR)
    client.force_login(user)
    return user


def agency_form(client, agency: Agency, **changes) -> dict:
    """The agency's admin change form as the page fills it in, with ``changes`` typed in."""
    page = client.get(reverse("admin:agencies_agency_change", args=[agency.pk]))
    return {**form_data(page.content.decode()), **changes}


def test_changing_an_agency_in_admin_is_audited_with_before_and_after(client, coordinator):
    agency = make_agency("SXD", name="Sở Xây dựng")
    answer = client.post(
        reverse("admin:agencies_agency_change", args=[agency.pk]),
        agency_form(client, agency, name="Sở Xây dựng Hà Nội"),
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    event = AuditEvent.objects.get(action="admin.change")
    assert (event.actor, event.object_type, event.object_id) == (
        coordinator,
        "agencies.agency",
        str(agency.pk),
    )
    assert event.before == {"name": "Sở Xây dựng"}
    assert event.after == {"name": "Sở Xây dựng Hà Nội"}
    assert event.ip_address == "127.0.0.1"


def test_saving_an_agency_unchanged_records_nothing(client, coordinator):
    agency = make_agency("SXD", name="Sở Xây dựng")
    client.post(
        reverse("admin:agencies_agency_change", args=[agency.pk]), agency_form(client, agency)
    )
    assert not AuditEvent.objects.filter(action__startswith="admin.").exists()


def test_deleting_an_agency_in_admin_is_audited_and_the_agency_is_gone(client, coordinator):
    agency = make_agency("SXD", name="Sở Xây dựng")
    answer = client.post(reverse("admin:agencies_agency_delete", args=[agency.pk]), {"post": "yes"})
    assert answer.status_code == 302
    assert not Agency.objects.filter(pk=agency.pk).exists()
    event = AuditEvent.objects.get(action="admin.delete")
    assert (event.object_id, event.agency, event.before["name"]) == (
        str(agency.pk),
        None,
        "Sở Xây dựng",
    )


def test_editing_a_group_inline_of_a_framework_is_audited(client, coordinator):
    framework: Framework = load_framework(small_document())
    group = framework.groups.order_by("order").first()
    page = client.get(reverse("admin:frameworks_framework_change", args=[framework.pk]))
    data = form_data(page.content.decode())
    prefix = next(key for key in data if key.endswith("-TOTAL_FORMS")).rsplit("-", 1)[0]
    index = next(
        key.split("-")[1]
        for key, value in data.items()
        if key.startswith(prefix) and key.endswith("-id") and value == str(group.pk)
    )
    data[f"{prefix}-{index}-name_en"] = "Corrected name"
    answer = client.post(reverse("admin:frameworks_framework_change", args=[framework.pk]), data)
    assert answer.status_code == 302, answer.content.decode()[:3000]
    event = AuditEvent.objects.get(action="admin.change", object_type="frameworks.group")
    assert (event.object_id, event.after) == (str(group.pk), {"name_en": "Corrected name"})


def form_data(html: str) -> dict[str, str]:
    """The change form's fields with the values the page shows (as a browser would send)."""
    form = parse_page(html).form_with("_save")
    return dict(form.submission())


def test_a_coordinator_can_read_but_not_change_accounts_in_admin(client, coordinator):
    other = make_user(Role.AGENCY_STAFF)
    change_url = reverse("admin:agencies_user_change", args=[other.pk])
    assert client.get(change_url).status_code == 200
    answer = client.post(
        change_url,
        {"username": other.username, "is_superuser": "on", "is_staff": "on", "role": "coordinator"},
    )
    assert answer.status_code == 403
    other.refresh_from_db()
    assert (other.is_superuser, other.is_staff, other.role) == (False, False, Role.AGENCY_STAFF)
    assert client.get(reverse("admin:agencies_user_add")).status_code == 403
    assert (
        client.post(
            reverse("admin:agencies_user_delete", args=[other.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert User.objects.filter(pk=other.pk).exists()
