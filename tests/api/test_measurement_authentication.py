"""Writing needs the token of an active client; anything else is a JSON 401."""

from dti.api.services import revoke_client

from .helpers import MEASUREMENT, put


def _assert_refused(answer):
    assert answer.status_code == 401
    assert answer["Content-Type"].startswith("application/json")
    assert answer["WWW-Authenticate"].startswith("Bearer")
    assert "token" in answer.json()["detail"]


def test_a_request_without_token_is_refused(setup, client):
    _assert_refused(put(client, setup.url(), MEASUREMENT, None))
    assert setup.response("SCT", "2.2").values == {}


def test_an_unknown_token_is_refused(setup, client):
    _assert_refused(put(client, setup.url(), MEASUREMENT, setup.token + "x"))


def test_a_revoked_token_is_refused(setup, client):
    assert put(client, setup.url(), MEASUREMENT, setup.token).status_code == 200
    revoke_client(setup.client, setup.coordinator, "Hệ thống ngừng hoạt động")

    changed = {**MEASUREMENT, "values": {"level": "full"}}
    _assert_refused(put(client, setup.url(), changed, setup.token))
    assert setup.response("SCT", "2.2").values["level"] == "partial"


def test_a_token_sent_in_another_scheme_is_refused(setup, client):
    answer = client.put(
        setup.url(),
        data="{}",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {setup.token}",
    )
    assert answer.status_code == 401
