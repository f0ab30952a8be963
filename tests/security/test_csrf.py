"""Every form is protected against cross-site request forgery; only the token API is exempt."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from dti.agencies.models import Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db

# The JSON API authenticates each call by its token, not by a cookie a browser sends by itself.
EXEMPT_PREFIXES = ("api/",)


def url_patterns(resolver=None, prefix=""):
    """(route, view) for every URL pattern of the project, included ones too."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern.callback


def test_no_view_outside_the_token_api_is_csrf_exempt():
    exempt = [
        route
        for route, view in url_patterns()
        if getattr(view, "csrf_exempt", False) and not route.startswith(EXEMPT_PREFIXES)
    ]
    assert exempt == []


def test_the_walk_sees_the_whole_project():
    routes = [route for route, _view in url_patterns()]
    assert "login/" in routes and "accounts/<int:pk>/unlock" in routes
    assert any(route.startswith("admin/") for route in routes)


def test_a_form_sent_without_the_csrf_token_is_refused():
    account = make_user(Role.AGENCY_STAFF)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(make_user(Role.COORDINATOR))
    response = browser.post(f"/accounts/{account.pk}/deactivate")
    assert response.status_code == 403
    account.refresh_from_db()
    assert account.is_active


def test_signing_in_without_the_csrf_token_is_refused():
    user = make_user(Role.AGENCY_STAFF)
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/login/", {"username": user.username, "password": "test-password-123"})
    assert response.status_code == 403
    assert "_auth_user_id" not in browser.session
