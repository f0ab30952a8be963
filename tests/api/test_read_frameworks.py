"""GET /api/frameworks: frameworks in use or retired, with rules and typed inputs; no drafts."""

from dti.frameworks.models import Framework


def _framework(setup) -> Framework:
    return setup.campaign.frameworks.get()


def test_the_list_gives_each_framework_with_its_max_points_as_a_decimal_string(setup, client):
    answer = client.get("/api/frameworks")

    assert answer.status_code == 200
    [item] = answer.json()
    assert item["code"] == "TEST-SMALL"
    assert item["max_points"] == "60.00"
    assert item["status"] == "active"


def test_a_draft_framework_is_not_published(setup, client):
    Framework.objects.filter(pk=_framework(setup).pk).update(status=Framework.Status.DRAFT)

    assert client.get("/api/frameworks").json() == []
    assert client.get(f"/api/frameworks/{_framework(setup).pk}").status_code == 404


def test_the_detail_gives_groups_indicators_rules_and_inputs(setup, client):
    body = client.get(f"/api/frameworks/{_framework(setup).pk}").json()

    assert [group["code"] for group in body["groups"]] == ["1", "2"]
    indicators = {item["code"]: item for group in body["groups"] for item in group["indicators"]}
    assert indicators["1.1"]["rule_type"] == "steps"
    assert indicators["1.2"]["constraints"] == ["chaired <= total"]
    assert indicators["2.1"]["criteria"][0]["rule_type"] == "boolean"
    level, issued_on = indicators["2.2"]["inputs"]
    assert indicators["2.2"]["measurement"] == "automatic"
    assert indicators["2.2"]["max_points"] == "20.00"
    assert [choice["value"] for choice in level["choices"]] == ["full", "partial", "none"]
    assert issued_on["type"] == "date"
    assert issued_on["minimum"] == "2025-01-01"
    assert issued_on["required"] is False


def test_an_unknown_framework_is_a_json_404(db, client):
    answer = client.get("/api/frameworks/999")

    assert answer.status_code == 404
    assert answer.json()["errors"] == []
