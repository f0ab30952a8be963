"""Every page carries the security headers, and no page has inline script or style, so the
Content-Security-Policy (no 'unsafe-inline') never has to be loosened."""

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from dti.agencies.models import Role, Tier
from dti.core.security import CONTENT_SECURITY_POLICY, SecurityHeadersMiddleware
from tests.factories import make_agency, make_campaign, make_user

from .helpers import enrolled_device

pytestmark = pytest.mark.django_db

EXPECTED_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
MAX_PAGES = 80
# Script types a browser does not run (data islands such as Django's json_script).
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


class InlineCodeFinder(HTMLParser):
    """Collects what a strict CSP would block, and the links of the page."""

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        runs_inline = "src" not in attributes and attributes.get("type") not in DATA_SCRIPT_TYPES
        if tag == "script" and runs_inline:
            self.problems.append(f"inline <script> at line {self.getpos()[0]}")
        if tag == "style":
            self.problems.append(f"<style> element at line {self.getpos()[0]}")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{name}= on <{tag}> at line {self.getpos()[0]}")
            if name == "style":
                self.problems.append(f"style= on <{tag}> at line {self.getpos()[0]}")
            if name in {"href", "src", "action"} and (value or "").strip().startswith(
                "javascript:"
            ):
                self.problems.append(f"javascript: address on <{tag}> at line {self.getpos()[0]}")
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])


def inspect_page(response):
    finder = InlineCodeFinder()
    finder.feed(response.content.decode(response.charset or "utf-8"))
    return finder


def missing_headers(response) -> dict[str, str | None]:
    return {
        name: response.headers.get(name)
        for name, value in EXPECTED_HEADERS.items()
        if response.headers.get(name) != value
    }


def crawl(client, start_urls, skip_prefixes=("/static/", "/admin/")):
    """Visit the site's pages reachable from ``start_urls`` by GET links, up to MAX_PAGES.

    Returns {url: problems} for every HTML page visited.
    """
    seen = set(start_urls)
    queue = deque(start_urls)
    visited: dict[str, list[str]] = {}
    while queue and len(visited) < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url, follow=True)
        problems = [f"{name}: {value!r}" for name, value in missing_headers(response).items()]
        if response.headers.get("Content-Type", "").startswith("text/html"):
            page = inspect_page(response)
            problems += page.problems
            for link in page.links:
                target = urldefrag(link).url
                parts = urlsplit(target)
                if parts.scheme or parts.netloc or not target.startswith("/"):
                    continue
                if target.startswith(skip_prefixes) or target in seen:
                    continue
                seen.add(target)
                queue.append(target)
        visited[url] = problems
    return visited


@pytest.fixture
def platform():
    """A little of everything the coordinator's menu leads to."""
    department = make_agency("SYT", name="Sở Y tế")
    commune = make_agency("P-HK", tier=Tier.COMMUNE, name="Phường Hoàn Kiếm")
    coordinator = make_user(Role.COORDINATOR, username="dieuphoi")
    make_campaign([department], by=coordinator)
    make_user(Role.AGENCY_STAFF, department)
    make_user(Role.AGENCY_LEADER, commune)
    return coordinator


def test_every_page_the_coordinator_reaches_has_the_headers_and_no_inline_code(client, platform):
    client.force_login(platform)
    start = [
        reverse("home"),
        reverse("campaigns:list"),
        reverse("frameworks:list"),
        reverse("agencies:list"),
        reverse("accounts:list"),
        reverse("accounts:two_factor"),
        reverse("notifications:list"),
    ]
    visited = crawl(client, start)
    assert len(visited) >= len(start) + 5, sorted(visited)
    assert {url: problems for url, problems in visited.items() if problems} == {}


def test_agency_pages_have_the_headers_and_no_inline_code(client, platform):
    staff = make_user(Role.AGENCY_STAFF, make_agency("SXD"))
    client.force_login(staff)
    visited = crawl(client, [reverse("home"), reverse("accounts:two_factor")])
    assert {url: problems for url, problems in visited.items() if problems} == {}


def test_public_and_sign_in_pages_have_the_headers_and_no_inline_code(client, platform):
    visited = crawl(client, [reverse("home"), reverse("login")])
    assert reverse("login") in visited
    assert {url: problems for url, problems in visited.items() if problems} == {}


def test_the_code_and_lock_out_pages_have_the_headers_and_no_inline_code(settings, platform):
    settings.AXES_FAILURE_LIMIT = 1
    enrolled_device(platform)
    browser = Client()
    browser.post(reverse("login"), {"username": platform.username, "password": "test-password-123"})
    code_page = browser.get(reverse("accounts:two_factor_verify"))
    locked = Client().post(reverse("login"), {"username": "someone", "password": "wrong"})
    assert locked.status_code == 429
    for response in (code_page, locked):
        assert missing_headers(response) == {}
        assert inspect_page(response).problems == []


def test_the_admin_works_under_the_same_policy(client, platform):
    platform.is_superuser = True
    platform.save()
    client.force_login(platform)
    pages = [
        "/admin/",
        "/admin/agencies/agency/",
        "/admin/agencies/agency/add/",
        "/admin/agencies/agency/?q=SYT",
        "/admin/agencies/user/",
        "/admin/axes/accessattempt/",
        "/admin/otp_totp/totpdevice/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert missing_headers(response) == {}, url
        assert inspect_page(response).problems == [], url


def test_a_response_with_its_own_policy_keeps_it():
    own_policy = "default-src 'none'; sandbox"

    def download(request):
        response = HttpResponse(b"%PDF-1.7", content_type="application/pdf")
        response["Content-Security-Policy"] = own_policy
        return response

    response = SecurityHeadersMiddleware(download)(RequestFactory().get("/evidence/1/"))
    assert response["Content-Security-Policy"] == own_policy
    assert response["Permissions-Policy"]
