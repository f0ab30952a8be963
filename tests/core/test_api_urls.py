"""Every endpoint of the JSON API, as its OpenAPI document lists it: the public reads answer an
anonymous visitor, the endpoints that need a client token refuse a request without one (401),
with a wrong one (401) and with the token of a client not allowed there (403).

The URL × role tests skip the API (no session, no role): this is its walk.
"""

from __future__ import annotations

import json

import pytest

from dti.api.api import api
from dti.api.services import create_client
from tests.api.helpers import MEASUREMENT

from .url_worlds import project_urls, published_world

pytestmark = pytest.mark.django_db

# URL names of the API's own documentation, which is not an endpoint of the document.
DOCUMENTATION = {"api:openapi-json", "api:openapi-view", "api:api-root"}
WRONG_TOKEN = "dti_" + "x" * 43


def operations() -> list[tuple[str, str, bool]]:
    """(method, path template, needs a token) of every operation of the OpenAPI document."""
    document = api.get_openapi_schema()
    return [
        (method.upper(), path, bool(operation.get("security")))
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    ]


@pytest.fixture
def world(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }
    world = published_world()
    framework = world.cycle.campaign.frameworks.get()
    # A client allowed to write indicator 2.2 only: a real token, used where it is not allowed.
    created = create_client(
        name="Hệ thống đo tự động",
        description="",
        indicators=framework.indicators.filter(code="2.2"),
        agencies=[],
        by=world.cycle.coordinator,
    )
    world.fixed["token"] = created.token
    return world


def concrete(path: str, world) -> str:
    values = {
        "framework_id": world.fixed["framework_id"],
        "campaign_id": world.fixed["campaign_id"],
        "agency_code": "SCT",
        "indicator_code": "1.1",
    }
    return path.format(**values)


def call(client, method: str, url: str, token: str | None = None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    body = json.dumps(MEASUREMENT) if method in ("PUT", "POST") else None
    return client.generic(method, url, data=body, content_type="application/json", **headers)


def test_every_api_url_is_an_operation_of_the_openapi_document():
    documented = {operation["operationId"] for operation in _operation_objects()}
    names = {name.split(":", 1)[1] for name, _p in project_urls() if name.startswith("api:")}
    assert names - {name.split(":", 1)[1] for name in DOCUMENTATION} == documented


def _operation_objects():
    document = api.get_openapi_schema()
    return [operation for methods in document["paths"].values() for operation in methods.values()]


def test_public_reads_answer_an_anonymous_visitor(client, world):
    public = [(method, path) for method, path, secured in operations() if not secured]
    assert {path for _method, path in public} >= {
        "/api/frameworks",
        "/api/campaigns",
        "/api/results",
    }
    for method, path in public:
        response = call(client, method, concrete(path, world))
        assert response.status_code == 200, (method, path, response.status_code)


def test_token_endpoints_refuse_no_token_and_a_wrong_one(client, world):
    secured = [(method, path) for method, path, needs_token in operations() if needs_token]
    assert ("PUT", "/api/measurements/{campaign_id}/{agency_code}/{indicator_code}") in secured
    for method, path in secured:
        url = concrete(path, world)
        assert call(client, method, url).status_code == 401, (method, path)
        assert call(client, method, url, WRONG_TOKEN).status_code == 401, (method, path)


def test_a_measurement_outside_the_client_s_indicators_is_refused(client, world):
    url = f"/api/measurements/{world.fixed['campaign_id']}/SCT/1.1"
    response = call(client, "PUT", url, world.fixed["token"])
    assert response.status_code == 403
