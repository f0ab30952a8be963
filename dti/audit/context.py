"""Where the current request comes from, for the audit records its services write."""

from __future__ import annotations

from contextvars import ContextVar

_client_ip: ContextVar[str | None] = ContextVar("client_ip", default=None)


def current_ip() -> str | None:
    return _client_ip.get()


class AuditContextMiddleware:
    """Remembers the client's IP address for the duration of a request.

    ``REMOTE_ADDR`` is used as is: behind a reverse proxy,
    ``dti.core.proxy.ForwardedClientAddressMiddleware`` sets it from ``X-Real-IP`` for
    connections from ``TRUSTED_PROXIES``, so that a client cannot forge its address with a
    header.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _client_ip.set(request.META.get("REMOTE_ADDR") or None)
        try:
            return self.get_response(request)
        finally:
            _client_ip.reset(token)
