"""Client tokens: random, stored only as a SHA-256, recognised in constant time."""

import hashlib

from dti.api.models import ApiClient
from dti.api.services import client_for_token
from dti.api.tokens import TOKEN_PREFIX


def test_the_token_is_stored_only_as_its_sha256(setup):
    stored = ApiClient.objects.filter(pk=setup.client.pk).values().get()

    assert stored["token_hash"] == hashlib.sha256(setup.token.encode()).hexdigest()
    assert setup.token not in {str(value) for value in stored.values()}
    assert setup.token.startswith(stored["token_prefix"])


def test_tokens_are_long_and_random(setup):
    assert setup.token.startswith(TOKEN_PREFIX)
    assert len(setup.token) >= 40


def test_the_token_finds_its_client(setup):
    assert client_for_token(setup.token) == setup.client


def test_a_token_that_differs_by_one_character_finds_nothing(setup):
    other = setup.token[:-1] + ("A" if setup.token[-1] != "A" else "B")

    assert client_for_token(other) is None
