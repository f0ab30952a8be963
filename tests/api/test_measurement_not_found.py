"""What does not exist is a JSON 404 that says what is missing."""

from .helpers import MEASUREMENT, put


def test_unknown_campaign(setup, client):
    url = f"/api/measurements/{setup.campaign.pk + 100}/SCT/2.2"
    answer = put(client, url, MEASUREMENT, setup.token)

    assert answer.status_code == 404
    assert "campaign" in answer.json()["detail"]


def test_unknown_agency(setup, client):
    answer = put(client, setup.url("NOPE"), MEASUREMENT, setup.token)

    assert answer.status_code == 404
    assert "NOPE" in answer.json()["detail"]


def test_unknown_indicator(setup, client):
    answer = put(client, setup.url(indicator_code="9.9"), MEASUREMENT, setup.token)

    assert answer.status_code == 404
    assert "9.9" in answer.json()["detail"]


def test_an_indicator_that_does_not_apply_to_the_agency(setup, client):
    answer = put(client, setup.url("SYT"), MEASUREMENT, setup.token)

    assert answer.status_code == 404
    assert "does not apply" in answer.json()["detail"]
