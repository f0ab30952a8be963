"""Bearer tokens of API clients: ``Authorization: Bearer <token>``."""

from __future__ import annotations

from ninja.security import HttpBearer

from .models import ApiClient
from .services import client_for_token


class ClientToken(HttpBearer):
    """Lets the request through as the token's active client (then ``request.auth``)."""

    def authenticate(self, request, token: str) -> ApiClient | None:
        return client_for_token(token)


client_token = ClientToken()
