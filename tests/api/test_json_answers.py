"""The API's address space answers in JSON; its document and docs are served."""

import re


def test_an_unknown_address_is_a_json_404(db, client):
    answer = client.get("/api/nothing/here")

    assert answer.status_code == 404
    assert answer["Content-Type"].startswith("application/json")
    assert answer.json()["detail"]


def test_a_wrong_method_is_a_json_405_with_the_allowed_methods(db, client):
    answer = client.delete("/api/frameworks")

    assert answer.status_code == 405
    assert answer["Allow"] == "GET"
    assert answer.json()["detail"]


def test_the_root_points_to_the_documents(db, client):
    assert client.get("/api/").json() == {"docs": "/api/docs", "openapi": "/api/openapi.json"}


def test_the_openapi_document_describes_every_operation(db, client):
    document = client.get("/api/openapi.json").json()

    assert set(document["paths"]) == {
        "/api/frameworks",
        "/api/frameworks/{framework_id}",
        "/api/campaigns",
        "/api/campaigns/{campaign_id}/assessments",
        "/api/results",
        "/api/results/{campaign_id}",
        "/api/measurements/{campaign_id}/{agency_code}/{indicator_code}",
    }
    put = document["paths"]["/api/measurements/{campaign_id}/{agency_code}/{indicator_code}"]
    assert set(put["put"]["responses"]) == {"200", "401", "403", "404", "409", "422"}
    assert document["components"]["securitySchemes"]["ClientToken"]["scheme"] == "bearer"


def test_the_docs_page_loads_no_script_from_another_site(db, client):
    answer = client.get("/api/docs")

    assert answer.status_code == 200
    sources = re.findall(r'<script[^>]*src="([^"]+)"', answer.content.decode())
    assert sources
    assert all(source.startswith("/") for source in sources)
