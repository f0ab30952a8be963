"""Every operation of the JSON API answers as API_OPERATIONS in dti/agencies/permissions.py says:
a public one answers an anonymous visitor (200, or 404 for what does not exist); one that needs
a client token refuses a request without one, with an unknown one and with a revoked one (401);
one scoped to indicators also refuses the token of a client of another indicator or of another
agency (403), and lets the right one through.

Which operations exist is found by asking every URL of the API every method: whatever it does
not answer with 405 is an operation, and needs an entry in the table (the OpenAPI document is
not asked, so an operation left out of it is found too). The document must then declare what
the table says, for the clients and schemathesis that read it.

The URL × role tests skip the API (no session, no role): this is its walk.
"""

from __future__ import annotations

import json

import pytest

from dti.agencies.permissions import (
    API_OPERATIONS,
    API_TOKEN,
    API_TOKEN_FOR_INDICATOR,
    PUBLIC,
    URL_ACTIONS,
)
from dti.api.api import api
from dti.api.services import create_client, revoke_client
from tests.api.helpers import MEASUREMENT, ApiSetup, build_setup

from .url_worlds import API_NAMESPACE, api_paths

pytestmark = pytest.mark.django_db

METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
UNKNOWN_TOKEN = "dti_" + "x" * 43
# The API's own pages (entries of URL_ACTIONS): where each is, and what it answers anyone.
API_PAGES = {
    "api:api-root": ("/api/", 200),
    "api:openapi-json": ("/api/openapi.json", 200),
    "api:openapi-view": ("/api/docs", 200),
    "api:unknown_address": ("/api/no-such-address", 404),
}


@pytest.fixture
def setup() -> ApiSetup:
    """Self-assessment open; SCT answers the automatically measured indicator 2.2, and the
    setup's client may write it for any agency."""
    return build_setup()


@pytest.fixture
def tokens(setup) -> dict[str, str]:
    """Tokens that must not pass where a client of indicator 2.2 passes, and the right one."""
    framework = setup.campaign.frameworks.get()
    framework.indicators.filter(code="2.1").update(measurement="automatic")

    def client_of(name: str, indicator: str, agencies=()) -> str:
        return create_client(
            name=name,
            description="",
            indicators=framework.indicators.filter(code=indicator),
            agencies=[setup.agencies[code] for code in agencies],
            by=setup.coordinator,
        )

    revoked = client_of("Đã thu hồi", "2.2")
    revoke_client(revoked.client, setup.coordinator)
    return {
        "right": setup.token,
        "revoked": revoked.token,
        "other_indicator": client_of("Chỉ số 2.1", "2.1").token,
        "other_agency": client_of("Chỉ Sở Y tế", "2.2", agencies=["SYT"]).token,
    }


def concrete(path: str, setup: ApiSetup) -> str:
    return path.format(
        framework_id=setup.campaign.frameworks.get().pk,
        campaign_id=setup.campaign.pk,
        agency_code="SCT",
        indicator_code="2.2",
    )


def call(client, method: str, url: str, token: str | None = None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    body = json.dumps(MEASUREMENT) if method in ("PUT", "POST", "PATCH") else None
    return client.generic(method, url, data=body, content_type="application/json", **headers)


def operation_urls() -> dict[str, str]:
    """Path of every API URL that is not one of the API's own pages."""
    return {name: path for name, path in api_paths().items() if name not in URL_ACTIONS}


def operations_of_access(access: str) -> list[tuple[str, str]]:
    return [operation for operation, given in API_OPERATIONS.items() if given == access]


def test_every_operation_the_api_answers_has_its_own_entry_in_the_table(client, setup):
    answered = {
        (method, path)
        for path in operation_urls().values()
        for method in METHODS
        if call(client, method, concrete(path, setup)).status_code != 405
    }
    missing = answered - set(API_OPERATIONS)
    assert missing == set(), (
        f"add these to API_OPERATIONS in dti/agencies/permissions.py: {missing}"
    )
    assert set(API_OPERATIONS) - answered == set(), "the table names operations the API lacks"


def test_the_api_s_own_pages_are_in_the_table_and_answer_anyone(client):
    in_the_table = {name for name in URL_ACTIONS if name.startswith(f"{API_NAMESPACE}:")}
    assert in_the_table == set(API_PAGES)
    for name, (url, status) in API_PAGES.items():
        assert URL_ACTIONS[name] == (PUBLIC, None), name
        assert client.get(url).status_code == status, name


def test_public_operations_answer_an_anonymous_visitor(client, setup):
    public = operations_of_access(PUBLIC)
    assert {path for _method, path in public} >= {"/api/frameworks", "/api/results"}
    for method, path in public:
        response = call(client, method, concrete(path, setup))
        assert response.status_code in (200, 404), (method, path, response.status_code)
        if response.status_code == 404:  # the campaign's results are not published yet
            assert "detail" in response.json(), (method, path)


def test_token_operations_refuse_no_token_an_unknown_one_and_a_revoked_one(client, setup, tokens):
    secured = operations_of_access(API_TOKEN) + operations_of_access(API_TOKEN_FOR_INDICATOR)
    assert secured, "the table names no operation that needs a token"
    for method, path in secured:
        url = concrete(path, setup)
        assert call(client, method, url).status_code == 401, (method, path)
        assert call(client, method, url, UNKNOWN_TOKEN).status_code == 401, (method, path)
        assert call(client, method, url, tokens["revoked"]).status_code == 401, (method, path)


def test_operations_for_any_client_answer_the_token_of_any_client(client, setup, tokens):
    for method, path in operations_of_access(API_TOKEN):
        for which in ("right", "other_indicator", "other_agency"):
            response = call(client, method, concrete(path, setup), tokens[which])
            assert response.status_code == 200, (method, path, which, response.json())


def test_indicator_operations_refuse_a_client_of_another_indicator_or_agency(client, setup, tokens):
    scoped = operations_of_access(API_TOKEN_FOR_INDICATOR)
    assert ("PUT", "/api/measurements/{campaign_id}/{agency_code}/{indicator_code}") in scoped
    for method, path in scoped:
        url = concrete(path, setup)
        for which in ("other_indicator", "other_agency"):
            response = call(client, method, url, tokens[which])
            assert response.status_code == 403, (method, path, which, response.json())
        response = call(client, method, url, tokens["right"])
        assert response.status_code == 200, (method, path, response.json())


def test_the_openapi_document_declares_the_authentication_the_table_gives(client):
    document = api.get_openapi_schema()
    declared = {
        (method.upper(), path): bool(operation.get("security"))
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    }
    assert declared == {operation: access != PUBLIC for operation, access in API_OPERATIONS.items()}
