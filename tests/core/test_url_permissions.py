"""Every URL of the project, as every role and as an anonymous visitor, with objects of the
user's own agency and of another: allowed or refused exactly as the permission table says.

The expectations come from dti/agencies/permissions.py: URL_ACTIONS says which action (and which
object) each URL checks, PERMISSIONS who may take it. A URL missing from URL_ACTIONS fails the
test, and so does a URL pattern without a name (it could have no entry); so does a view whose
check was removed (an unauthorised user would get the page). Sending forms is checked by
test_url_permissions_post.py; ``can`` itself by test_permission_table.py; the JSON API, whose
operations are in API_OPERATIONS, by test_api_urls.py.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from dti.agencies.permissions import ADMIN, API_OPERATIONS, URL_ACTIONS, url_action

from .url_worlds import (
    ADMIN_NAMESPACE,
    PRINCIPALS,
    api_paths,
    expected_allowed,
    is_api_url,
    is_refusal,
    project_urls,
    published_world,
    unnamed_urls,
    url_kwargs,
    variants_of,
)

pytestmark = pytest.mark.django_db

# Allowed users may still find nothing at these URLs: they show what the session holds (a
# password shown once), which the crawl never put there.
SESSION_PAGES = {"accounts:temporary_password", "accounts:import_passwords"}
# Signing out sends the user to the sign-in page: that redirect is its success.
SUCCESS_IS_LOGIN_PAGE = {"logout"}
# Django admin URLs that take an object id: one per model is enough to check the gate.
ADMIN_SAMPLE = {
    "admin:index",
    "admin:agencies_agency_changelist",
    "admin:audit_auditevent_changelist",
}


def has_an_entry(name: str) -> bool:
    """In URL_ACTIONS, or for an operation of the JSON API, in API_OPERATIONS (test_api_urls.py
    checks that each method the URL serves has its own entry)."""
    operation_paths = {path for _method, path in API_OPERATIONS}
    return url_action(name) is not None or api_paths().get(name) in operation_paths


def test_every_url_of_the_project_has_an_entry_in_the_table():
    missing = [name for name, _pattern in project_urls() if not has_an_entry(name)]
    assert missing == [], f"add these URLs to URL_ACTIONS in dti/agencies/permissions.py: {missing}"


def test_every_url_outside_django_admin_has_a_name_the_table_can_give_an_entry():
    assert unnamed_urls() == [], "name these URL patterns and add them to URL_ACTIONS"


def test_the_table_names_no_url_that_does_not_exist():
    names = {name for name, _pattern in project_urls()}
    stale = [key for key in URL_ACTIONS if not key.endswith(":*") and key not in names]
    assert stale == []


def test_only_django_admin_is_covered_by_a_whole_namespace():
    """Every other URL has an entry of its own: a new portal page or API URL without one fails
    the test above instead of taking its namespace's."""
    assert [key for key in URL_ACTIONS if key.endswith(":*")] == [f"{ADMIN_NAMESPACE}:*"]


@pytest.fixture
def world(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }
    return published_world()


def request(client, url: str):
    response = client.get(url)
    if response.status_code == 405:  # an action URL: try it the way a form would
        response = client.post(url, {})
    return response


def urls_to_check():
    checked = []
    for name, pattern in project_urls():
        if is_api_url(name):
            continue  # token-authenticated: test_api_urls.py and tests/api check every refusal
        action, _kind = url_action(name)
        if action == ADMIN and name not in ADMIN_SAMPLE:
            continue
        checked.append((name, pattern))
    return checked


@pytest.mark.parametrize("principal", PRINCIPALS)
def test_every_url_allows_or_refuses_each_role_as_the_table_says(client, world, principal):
    user = world.users[principal]
    wrong = []
    for name, pattern in urls_to_check():
        action, kind = url_action(name)
        for variant in variants_of(kind):
            url = reverse(name, kwargs=url_kwargs(name, pattern, world, variant))
            client.logout()
            if user is not None:
                user.refresh_from_db()
                client.force_login(user)
            response = request(client, url)
            assert response.status_code < 500, (name, url, response.status_code)
            allowed = expected_allowed(user, action, kind, world, variant)
            refused = is_refusal(response)
            tolerated = (name in SESSION_PAGES and response.status_code in (302, 404)) or (
                name in SUCCESS_IS_LOGIN_PAGE and response.status_code == 302
            )
            if allowed and refused and not tolerated:
                wrong.append(
                    f"{url} ({name}, {variant}): refused with {response.status_code} "
                    "but the table allows it"
                )
            if not allowed and not refused:
                wrong.append(
                    f"{url} ({name}, {variant}): answered {response.status_code} but "
                    "the table refuses it"
                )
    assert wrong == [], "\n".join(wrong)
