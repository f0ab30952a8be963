"""A client writes only automatic indicators in its scope, for its agencies (403 otherwise)."""

from dti.agencies.models import Agency

from .helpers import MEASUREMENT, put


def test_a_self_reported_indicator_is_forbidden(setup, client):
    answer = put(client, setup.url(indicator_code="1.1"), MEASUREMENT, setup.token)

    assert answer.status_code == 403
    assert "self-reported" in answer.json()["detail"]
    assert setup.response("SCT", "1.1").values == {}


def test_an_automatic_indicator_outside_the_clients_scope_is_forbidden(setup, client):
    setup.campaign.frameworks.get().indicators.filter(code="1.1").update(measurement="automatic")
    body = {**MEASUREMENT, "values": {"meetings": 3}}

    answer = put(client, setup.url(indicator_code="1.1"), body, setup.token)

    assert answer.status_code == 403
    assert "may not write indicator 1.1" in answer.json()["detail"]
    assert setup.response("SCT", "1.1").values == {}


def test_an_agency_outside_the_clients_agencies_is_forbidden(setup, client):
    setup.client.agencies.set([Agency.objects.get(code="SYT")])

    answer = put(client, setup.url("SCT"), MEASUREMENT, setup.token)

    assert answer.status_code == 403
    assert "SCT" in answer.json()["detail"]


def test_a_client_scoped_to_the_agency_may_write_for_it(setup, client):
    setup.client.agencies.set([Agency.objects.get(code="SCT")])

    assert put(client, setup.url("SCT"), MEASUREMENT, setup.token).status_code == 200
