"""Sending the same measurement twice leaves one state and gets the same answer."""

from dti.audit.models import AuditEvent

from .helpers import MEASUREMENT, put


def test_the_same_measurement_twice_answers_the_same_and_changes_nothing(setup, client):
    first = put(client, setup.url(), MEASUREMENT, setup.token)
    version = setup.response("SCT", "2.2").version
    second = put(client, setup.url(), MEASUREMENT, setup.token)

    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert setup.response("SCT", "2.2").version == version
    assert AuditEvent.objects.filter(action="response.save").count() == 1


def test_the_same_values_with_a_new_time_of_measurement_are_stored_again(setup, client):
    put(client, setup.url(), MEASUREMENT, setup.token)
    later = {**MEASUREMENT, "measured_at": "2025-11-01T00:00:00+07:00"}
    body = put(client, setup.url(), later, setup.token).json()

    assert body["measured_at"].startswith("2025-10-31T17:00:00")
    assert AuditEvent.objects.filter(action="response.save").count() == 2


def test_the_same_instant_in_another_offset_is_the_same_measurement(setup, client):
    put(client, setup.url(), MEASUREMENT, setup.token)
    same_instant = {**MEASUREMENT, "measured_at": "2025-10-30T17:00:00Z"}

    assert put(client, setup.url(), same_instant, setup.token).status_code == 200
    assert AuditEvent.objects.filter(action="response.save").count() == 1
