"""Loading a framework, from the import page or the command line, leaves an audit event: who,
which framework, created or updated in place, and its size."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from dti.agencies.models import Role
from dti.audit.models import AuditEvent
from dti.frameworks.models import Framework
from tests.factories import make_user
from tests.frameworks.helpers import SMALL, small_document, write_document

pytestmark = pytest.mark.django_db

SMALL_COUNTS = {
    "code": "TEST-SMALL",
    "version": 1,
    "max_points": "60.00",
    "groups": 2,
    "indicators": 4,
    "sub_criteria": 2,
}


def import_file(client, path, update=False):
    with path.open("rb") as upload:
        data = {"file": upload, **({"update": "on"} if update else {})}
        return client.post(reverse("frameworks:import"), data)


def test_importing_a_new_framework_from_the_page_records_who_and_what(client):
    coordinator = make_user(Role.COORDINATOR)
    client.force_login(coordinator)
    assert import_file(client, SMALL).status_code == 302
    event = AuditEvent.objects.get(action="framework.load")
    framework = Framework.objects.get()
    assert (event.actor, event.object_type, event.object_id) == (
        coordinator,
        "frameworks.framework",
        str(framework.pk),
    )
    assert event.before is None
    assert event.after == SMALL_COUNTS


def test_an_update_in_place_records_the_size_before_and_after(client, tmp_path):
    coordinator = make_user(Role.COORDINATOR)
    client.force_login(coordinator)
    import_file(client, SMALL)
    document = small_document()
    document["groups"][1]["indicators"][0]["criteria"].pop()  # sub-criterion b of 2.1
    document["groups"][1]["indicators"][0]["criteria"][0]["max_points"] = 10
    document["groups"][1]["indicators"][0]["examples"] = []
    assert import_file(client, write_document(tmp_path, document), update=True).status_code == 302
    event = AuditEvent.objects.get(action="framework.update")
    assert event.actor == coordinator
    assert event.before == SMALL_COUNTS
    assert event.after == {**SMALL_COUNTS, "sub_criteria": 1}


def test_a_refused_import_records_nothing(client):
    client.force_login(make_user(Role.COORDINATOR))
    import_file(client, SMALL)
    import_file(client, SMALL)  # same code and version, not as an update
    assert AuditEvent.objects.filter(action__startswith="framework.").count() == 1


def test_the_command_line_load_is_recorded_without_an_actor():
    call_command("load_framework", str(SMALL))
    event = AuditEvent.objects.get(action="framework.load")
    assert event.actor is None
    assert event.after == SMALL_COUNTS
