"""Bad payloads are a 422 that names every bad field; nothing is stored."""

from dti.audit.models import AuditEvent

from .helpers import MEASUREMENT, put


def _fields(answer) -> dict[str, str]:
    assert answer.status_code == 422, answer.content
    return {error["field"]: error["message"] for error in answer.json()["errors"]}


def _nothing_stored(setup):
    assert setup.response("SCT", "2.2").values == {}
    assert not AuditEvent.objects.filter(action="response.save").exists()


def test_a_value_out_of_the_choices(setup, client):
    body = {**MEASUREMENT, "values": {"level": "excellent"}}

    fields = _fields(put(client, setup.url(), body, setup.token))

    assert "full, partial, none" in fields["values.level"]
    _nothing_stored(setup)


def test_every_bad_value_is_named(setup, client):
    body = {**MEASUREMENT, "values": {"level": "excellent", "issued_on": "2024-12-31"}}

    fields = _fields(put(client, setup.url(), body, setup.token))

    assert set(fields) == {"values.level", "values.issued_on"}
    _nothing_stored(setup)


def test_an_unknown_input(setup, client):
    body = {**MEASUREMENT, "values": {"level": "full", "colour": "blue"}}

    fields = _fields(put(client, setup.url(), body, setup.token))

    assert "level, issued_on" in fields["values.colour"]
    _nothing_stored(setup)


def test_a_missing_required_input(setup, client):
    body = {**MEASUREMENT, "values": {"issued_on": "2025-03-01"}}

    fields = _fields(put(client, setup.url(), body, setup.token))

    assert fields["values.level"] == "This input is required."
    _nothing_stored(setup)


def test_a_time_of_measurement_without_offset(setup, client):
    body = {**MEASUREMENT, "measured_at": "2025-10-31T00:00:00"}

    fields = _fields(put(client, setup.url(), body, setup.token))

    assert "timezone" in fields["measured_at"]
    _nothing_stored(setup)


def test_a_time_of_measurement_in_the_future(setup, client):
    body = {**MEASUREMENT, "measured_at": "2999-01-01T00:00:00+07:00"}

    fields = _fields(put(client, setup.url(), body, setup.token))

    assert "future" in fields["measured_at"]
    _nothing_stored(setup)


def test_a_time_of_measurement_from_long_ago(setup, client):
    body = {**MEASUREMENT, "measured_at": "0001-01-01T00:00:00+07:00"}

    fields = _fields(put(client, setup.url(), body, setup.token))

    assert "2000" in fields["measured_at"]


def test_a_value_of_the_wrong_json_type(setup, client):
    body = {**MEASUREMENT, "values": {"level": ["full"]}}

    fields = _fields(put(client, setup.url(), body, setup.token))

    assert fields == {
        "values.level": "Give a single value: a number, a text, true or false, or null."
    }
    _nothing_stored(setup)


def test_an_unknown_field_of_the_body(setup, client):
    fields = _fields(put(client, setup.url(), {**MEASUREMENT, "value": 1}, setup.token))

    assert "value" in fields
    _nothing_stored(setup)


def test_malformed_json(setup, client):
    answer = put(client, setup.url(), '{"values": {"level": "full"', setup.token)

    fields = _fields(answer)
    assert answer.json()["detail"] == "The request body is not valid JSON."
    assert "line 1" in fields["body"]
    _nothing_stored(setup)


def test_an_empty_body(setup, client):
    fields = _fields(put(client, setup.url(), "", setup.token))

    assert "body" in fields


def _meetings_written_by_the_api(setup) -> str:
    framework = setup.campaign.frameworks.get()
    framework.indicators.filter(code="1.1").update(measurement="automatic")
    setup.client.indicators.add(framework.indicators.get(code="1.1"))
    return setup.url(indicator_code="1.1")


def test_a_number_in_exponent_notation_is_refused_before_parsing(setup, client):
    url = _meetings_written_by_the_api(setup)
    body = {**MEASUREMENT, "values": {"meetings": "1e999999"}}

    fields = _fields(put(client, url, body, setup.token))

    assert fields["values.meetings"] == "Enter a plain number, e.g. 12.5."


def test_a_huge_number_is_refused(setup, client):
    url = _meetings_written_by_the_api(setup)
    body = {**MEASUREMENT, "values": {"meetings": 1e300}}

    fields = _fields(put(client, url, body, setup.token))

    assert fields["values.meetings"] == "The value is too large."


def test_a_path_parameter_of_the_wrong_type(setup, client):
    fields = _fields(put(client, "/api/measurements/abc/SCT/2.2", MEASUREMENT, setup.token))

    assert "path.campaign_id" in fields


def test_a_number_that_is_not_finite(setup, client):
    url = _meetings_written_by_the_api(setup)
    body = '{"values": {"meetings": NaN}, "measured_at": "2025-10-31T00:00:00+07:00"}'

    fields = _fields(put(client, url, body, setup.token))

    assert fields["values.meetings"] == "Enter a number."


def test_an_over_long_text(setup, client):
    body = {**MEASUREMENT, "values": {"level": "x" * 201}}

    fields = _fields(put(client, setup.url(), body, setup.token))

    assert "200" in fields["values.level"]
    _nothing_stored(setup)
