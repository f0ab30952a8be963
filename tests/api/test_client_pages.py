"""The coordinator's pages: create a client (the token shown once), list, revoke."""

import hashlib

import pytest

from dti.agencies.models import Role
from dti.api.models import ApiClient
from dti.api.views import ONE_TIME_TOKEN_KEY
from dti.audit.models import AuditEvent
from dti.frameworks.models import Indicator
from tests.factories import make_user

from .helpers import MEASUREMENT, put


@pytest.fixture
def coordinator_client(setup, client):
    client.force_login(setup.coordinator)
    return client


def _create(http, setup, name="Hệ thống một cửa", **fields):
    indicator = Indicator.objects.get(framework__code="TEST-SMALL", code="2.2")
    data = {"name": name, "description": "", "indicators": [indicator.pk], **fields}
    return http.post("/api-clients/new/", data)


def test_creating_a_client_shows_its_token_once(setup, coordinator_client):
    answer = _create(coordinator_client, setup)

    created = ApiClient.objects.get(name="Hệ thống một cửa")
    assert answer.status_code == 302
    assert answer["Location"] == f"/api-clients/{created.pk}/token/"
    shown = coordinator_client.get(answer["Location"])
    token = shown.context["token"]
    assert token and token in shown.content.decode()
    assert hashlib.sha256(token.encode()).hexdigest() == created.token_hash
    assert "no-cache" in shown["Cache-Control"] or "no-store" in shown["Cache-Control"]
    again = coordinator_client.get(answer["Location"])
    assert again.context["token"] is None
    assert token not in again.content.decode()
    assert ONE_TIME_TOKEN_KEY not in coordinator_client.session


def test_the_new_token_works_for_the_chosen_indicator(setup, coordinator_client, client):
    answer = _create(coordinator_client, setup)
    token = coordinator_client.get(answer["Location"]).context["token"]

    assert put(client, setup.url(), MEASUREMENT, token).status_code == 200


def test_creating_a_client_is_audited_without_the_token(setup, coordinator_client):
    answer = _create(coordinator_client, setup)
    token = coordinator_client.get(answer["Location"]).context["token"]

    event = AuditEvent.objects.get(action="apiclient.create", object_repr="Hệ thống một cửa")
    assert event.actor == setup.coordinator
    assert event.after["indicators"] == ["TEST-SMALL v1 2.2"]
    assert token not in str(event.after)


def test_a_self_reported_indicator_cannot_be_given_to_a_client(setup, coordinator_client):
    self_reported = Indicator.objects.get(framework__code="TEST-SMALL", code="1.1")

    answer = _create(coordinator_client, setup, indicators=[self_reported.pk])

    assert answer.status_code == 200
    assert "indicators" in answer.context["form"].errors
    assert not ApiClient.objects.filter(name="Hệ thống một cửa").exists()


def test_a_name_already_taken_is_refused(setup, coordinator_client):
    answer = _create(coordinator_client, setup, name=setup.client.name.upper())

    assert answer.status_code == 200
    assert "name" in answer.context["form"].errors
    assert ApiClient.objects.count() == 1


def test_the_list_shows_clients_without_their_tokens(setup, coordinator_client):
    answer = coordinator_client.get("/api-clients/")

    assert answer.status_code == 200
    assert list(answer.context["clients"]) == [setup.client]
    assert setup.client.token_prefix in answer.content.decode()
    assert setup.token not in answer.content.decode()


def test_revoking_stops_the_token_and_is_audited(setup, coordinator_client, client):
    answer = coordinator_client.post(
        f"/api-clients/{setup.client.pk}/revoke", {"reason": "Hết hợp đồng"}
    )

    assert answer.status_code == 302
    setup.client.refresh_from_db()
    assert setup.client.revoked_at is not None
    assert setup.client.revoked_by == setup.coordinator
    event = AuditEvent.objects.get(action="apiclient.revoke")
    assert event.reason == "Hết hợp đồng"
    assert event.actor == setup.coordinator
    assert put(client, setup.url(), MEASUREMENT, setup.token).status_code == 401


def test_revoking_twice_records_one_revocation(setup, coordinator_client):
    url = f"/api-clients/{setup.client.pk}/revoke"
    coordinator_client.post(url, {"reason": ""})
    coordinator_client.post(url, {"reason": ""})

    assert AuditEvent.objects.filter(action="apiclient.revoke").count() == 1


@pytest.mark.parametrize(
    "role", [Role.AGENCY_STAFF, Role.AGENCY_LEADER, Role.APPRAISER, Role.WORKING_GROUP]
)
def test_other_roles_cannot_manage_clients(setup, client, role):
    client.force_login(make_user(role))

    assert client.get("/api-clients/").status_code == 403
    assert client.get("/api-clients/new/").status_code == 403
    assert client.post(f"/api-clients/{setup.client.pk}/revoke").status_code == 403
    assert _create(client, setup).status_code == 403
    setup.client.refresh_from_db()
    assert setup.client.is_active


def test_anonymous_visitors_are_sent_to_sign_in(setup, client):
    answer = client.get("/api-clients/")

    assert answer.status_code == 302
    assert "login" in answer["Location"]
