"""API tokens: random, shown once, stored only as a SHA-256 digest.

A SHA-256 (not a slow password hash) is enough because the token carries 256 random bits: there
is nothing to guess from a leaked digest, and every request can afford to hash its token.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

TOKEN_PREFIX = "dti_"
PREFIX_SHOWN = 12  # "dti_" and 8 random characters, shown in the list of clients


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def digests_match(token: str, stored_digest: str) -> bool:
    """Compare in constant time, so response times say nothing about how much matched."""
    return hmac.compare_digest(token_digest(token), stored_digest)
