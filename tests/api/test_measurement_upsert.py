"""PUT /api/measurements/...: the client's values are stored with their provenance."""

import datetime
from decimal import Decimal

from dti.assessments.models import ResponseStatus
from dti.audit.models import AuditEvent

from .helpers import MEASUREMENT, put


def test_valid_measurement_is_stored_with_its_provenance(setup, client):
    answer = put(client, setup.url(), MEASUREMENT, setup.token)

    assert answer.status_code == 200
    response = setup.response("SCT", "2.2")
    assert response.values == {"level": "partial", "issued_on": "2025-03-01"}
    assert response.source == "api:Cổng DVC — Cổng DVC quốc gia"
    assert response.measured_at == datetime.datetime(2025, 10, 30, 17, 0, tzinfo=datetime.UTC)
    assert response.updated_by is None
    assert response.status == ResponseStatus.SCORED
    assert response.points == Decimal("10.00")


def test_answer_gives_the_points_and_the_new_totals(setup, client):
    body = put(client, setup.url(), MEASUREMENT, setup.token).json()

    assert body["status"] == "scored"
    assert body["points"] == "10.00"
    assert body["max_points"] == "20.00"
    assert body["values"] == {"level": "partial", "issued_on": "2025-03-01"}
    assert body["assessment"]["self_points"] == "10.00"
    assert body["assessment"]["self_max_points"] == "60.00"
    assert body["assessment"]["answered_count"] == 1
    assessment = setup.response("SCT", "2.2").assessment
    assert assessment.self_points == Decimal("10.00")


def test_a_new_measurement_replaces_the_previous_one(setup, client):
    put(client, setup.url(), MEASUREMENT, setup.token)
    body = put(
        client, setup.url(), {**MEASUREMENT, "values": {"level": "full"}}, setup.token
    ).json()

    assert body["points"] == "20.00"
    assert setup.response("SCT", "2.2").values == {"level": "full"}
    assert setup.response("SCT", "2.2").assessment.self_points == Decimal("20.00")


def test_typed_json_values_are_stored_as_the_web_form_stores_them(setup, client):
    framework = setup.campaign.frameworks.get()
    framework.indicators.filter(code="2.1").update(measurement="automatic")
    setup.client.indicators.add(framework.indicators.get(code="2.1"))
    body = {**MEASUREMENT, "values": {"plan": True, "drills": 2.0, "incidents": "1"}}

    answer = put(client, setup.url(indicator_code="2.1"), body, setup.token)

    assert answer.status_code == 200, answer.json()
    assert setup.response("SCT", "2.1").values == {"plan": "yes", "drills": "2", "incidents": "1"}
    assert answer.json()["points"] == "8.00"


def test_the_save_is_audited_without_a_user_and_names_the_client(setup, client):
    put(client, setup.url(), MEASUREMENT, setup.token)

    event = AuditEvent.objects.get(action="response.save")
    assert event.actor is None
    assert "Cổng DVC" in event.reason
    assert event.after["source"] == "api:Cổng DVC — Cổng DVC quốc gia"
    assert event.after["values"] == {"level": "partial", "issued_on": "2025-03-01"}


def test_the_client_is_marked_as_used(setup, client):
    put(client, setup.url(), MEASUREMENT, setup.token)

    setup.client.refresh_from_db()
    assert setup.client.last_used_at is not None
