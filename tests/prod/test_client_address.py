"""Behind the reverse proxy, the lock-out and the audit trail see the client's address, which
only a trusted proxy may tell."""

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import MiddlewareNotUsed
from django.test import RequestFactory
from django.urls import reverse

from dti.core.proxy import ForwardedClientAddressMiddleware

PROXY = "172.28.0.5"


def seen_address(settings, remote: str, real_ip: str | None) -> str:
    settings.TRUSTED_PROXIES = ["172.28.0.0/16"]
    headers = {"HTTP_X_REAL_IP": real_ip} if real_ip is not None else {}
    request = RequestFactory().get("/", REMOTE_ADDR=remote, **headers)
    ForwardedClientAddressMiddleware(lambda request: None)(request)
    return request.META["REMOTE_ADDR"]


def test_a_trusted_proxy_tells_the_client_address(settings):
    assert seen_address(settings, PROXY, "203.113.1.7") == "203.113.1.7"


def test_anyone_else_cannot_forge_it(settings):
    assert seen_address(settings, "203.113.9.9", "10.0.0.1") == "203.113.9.9"


def test_a_header_that_is_not_an_address_is_ignored(settings):
    assert seen_address(settings, PROXY, "203.113.1.7, 10.0.0.1") == PROXY
    assert seen_address(settings, PROXY, None) == PROXY


def test_without_a_proxy_the_middleware_steps_aside(settings):
    settings.TRUSTED_PROXIES = []

    with pytest.raises(MiddlewareNotUsed):
        ForwardedClientAddressMiddleware(lambda request: None)


@pytest.mark.django_db
def test_a_failed_sign_in_is_counted_against_the_client_not_the_proxy(client, settings):
    settings.TRUSTED_PROXIES = ["172.28.0.0/16"]

    client.post(
        reverse("login"),
        {"username": "canbo.syt", "password": "sai mật khẩu"},
        REMOTE_ADDR=PROXY,
        HTTP_X_REAL_IP="203.113.1.7",
    )

    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.113.1.7"]
