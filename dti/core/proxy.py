"""The client's address behind the reverse proxy.

Behind a proxy, the connection comes from the proxy, so REMOTE_ADDR would name the proxy for
every request, and the sign-in lock-out and the audit trail (which read REMOTE_ADDR) would treat
all users as one. The proxy passes the address it saw in ``X-Real-IP``; that header is believed
only on a connection from an address of TRUSTED_PROXIES, so that nobody else can forge it.
"""

from __future__ import annotations

from ipaddress import ip_address, ip_network

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed


def _address(text: str):
    try:
        return ip_address(text.strip())
    except ValueError:
        return None


class ForwardedClientAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.proxies = [ip_network(item, strict=False) for item in settings.TRUSTED_PROXIES]
        if not self.proxies:
            raise MiddlewareNotUsed  # no proxy in front (the demo): REMOTE_ADDR is the client

    def __call__(self, request):
        peer = _address(request.META.get("REMOTE_ADDR", ""))
        forwarded = _address(request.META.get("HTTP_X_REAL_IP", ""))
        if peer and forwarded and any(peer in network for network in self.proxies):
            request.META["REMOTE_ADDR"] = str(forwarded)
        return self.get_response(request)
