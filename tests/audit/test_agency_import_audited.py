"""Importing an agency list records who imported which file and what each row changed."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dti.agencies.importing import import_agencies
from dti.agencies.models import Agency, Role
from dti.audit.models import AuditEvent
from tests.factories import make_agency, make_user

pytestmark = pytest.mark.django_db

HEADER = "code,name,tier,year,flags\n"


def upload(client, text: str):
    data = SimpleUploadedFile("danh-sach-2025.csv", (HEADER + text).encode())
    return client.post(reverse("agencies:import"), {"file": data}, REMOTE_ADDR="203.0.113.9")


def test_an_import_through_the_page_records_each_created_and_changed_agency(client):
    coordinator = make_user(Role.COORDINATOR)
    make_agency("SYT", name="Sở Y tế")
    make_agency("STC", name="Sở Tài chính")
    client.force_login(coordinator)

    rows = (
        "SXD,Sở Xây dựng,department,2025,\n"
        "SYT,Sở Y tế Hà Nội,department,2025,\n"
        "STC,Sở Tài chính,department,2025,\n"
    )
    response = upload(client, rows)

    assert response.status_code == 302
    events = {
        event.object_repr: event for event in AuditEvent.objects.filter(action="agency.import")
    }
    assert set(events) == {"Sở Xây dựng", "Sở Y tế Hà Nội"}  # the unchanged STC is not an event
    created, changed = events["Sở Xây dựng"], events["Sở Y tế Hà Nội"]
    for event in (created, changed):
        assert event.actor == coordinator
        assert event.ip_address == "203.0.113.9"
        assert event.reason == "import danh-sach-2025.csv: 1 created, 1 updated, 1 unchanged"
    assert created.agency == Agency.objects.get(code="SXD")
    assert created.before is None
    assert created.after["name"] == "Sở Xây dựng" and created.after["tier"] == "department"
    assert changed.before == {"name": "Sở Y tế"}
    assert changed.after == {"name": "Sở Y tế Hà Nội"}


def test_a_refused_import_records_nothing(client):
    client.force_login(make_user(Role.COORDINATOR))
    response = upload(client, "SXD,,department,2025,\n")
    assert response.status_code == 200
    assert not AuditEvent.objects.filter(action="agency.import").exists()


def test_an_import_by_someone_without_the_right_is_refused_by_the_service():
    with pytest.raises(PermissionDenied):
        import_agencies(
            "x.csv", (HEADER + "SXD,Sở Xây dựng,department,2025,\n").encode(), make_user()
        )
    assert not Agency.objects.filter(code="SXD").exists()


def test_the_command_line_import_is_recorded_without_an_actor():
    import_agencies("agencies-2025.csv", (HEADER + "SXD,Sở Xây dựng,department,2025,\n").encode())
    event = AuditEvent.objects.get(action="agency.import")
    assert event.actor is None
    assert event.reason.startswith("import agencies-2025.csv: 1 created")
