"""Only the coordinator changes assignments; the working group and appraisers see the grid
read-only; agency users and council members may not see it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dti.agencies.models import Role
from dti.appraisals.assignment_excel import write_assignments
from dti.appraisals.assignment_selectors import assigned_pairs, pairs_fingerprint
from tests.appraisals.assignments_helpers import build_setup
from tests.factories import make_user

pytestmark = pytest.mark.django_db

PLAN = {"1.1": ["SKHCN"]}
READ_ONLY_ROLES = [Role.WORKING_GROUP, Role.APPRAISER]
NO_ACCESS_ROLES = [Role.AGENCY_STAFF, Role.AGENCY_LEADER, Role.COUNCIL_MEMBER]


@pytest.fixture
def setup():
    setup = build_setup()
    setup.assign(PLAN)
    return setup


def user_with(role, setup):
    agency = setup.departments["SKHCN"] if role == Role.APPRAISER else None
    return make_user(role, agency)


def url(name, setup):
    return reverse(f"appraisals:{name}", args=[setup.framework.pk])


def every_change(client, setup):
    """Each way of changing assignments, with the status it answered."""
    fingerprint = pairs_fingerprint(assigned_pairs(setup.framework))
    upload = SimpleUploadedFile("m.xlsx", write_assignments(setup.framework))
    return {
        "save": client.post(url("assignments", setup), {"fingerprint": fingerprint}).status_code,
        "defaults": client.post(url("assignments_defaults", setup)).status_code,
        "import page": client.get(url("assignments_import", setup)).status_code,
        "import": client.post(url("assignments_import", setup), {"file": upload}).status_code,
    }


@pytest.mark.parametrize("role", READ_ONLY_ROLES)
def test_working_group_and_appraisers_see_the_grid_without_a_form(client, setup, role):
    client.force_login(user_with(role, setup))
    response = client.get(url("assignments", setup))
    assert response.status_code == 200
    assert response.context["can_manage"] is False
    html = response.content.decode()
    assert 'type="checkbox"' not in html
    assert 'name="fingerprint"' not in html
    assert url("assignments_defaults", setup) not in html
    assert "1.1 — Sở Khoa học và Công nghệ" in html  # the tick, spelled out for screen readers


@pytest.mark.parametrize("role", READ_ONLY_ROLES)
def test_working_group_and_appraisers_may_export_but_not_change(client, setup, role):
    client.force_login(user_with(role, setup))
    assert client.get(url("assignments_export", setup)).status_code == 200
    assert every_change(client, setup) == {
        "save": 403,
        "defaults": 403,
        "import page": 403,
        "import": 403,
    }
    assert setup.saved_plan() == PLAN


@pytest.mark.parametrize("role", NO_ACCESS_ROLES)
def test_agency_users_and_council_members_get_403_everywhere(client, setup, role):
    client.force_login(user_with(role, setup))
    assert client.get(url("assignments", setup)).status_code == 403
    assert client.get(url("assignments_export", setup)).status_code == 403
    assert set(every_change(client, setup).values()) == {403}
    assert setup.saved_plan() == PLAN


def test_anonymous_visitors_are_sent_to_the_login_page(client, setup):
    response = client.get(url("assignments", setup))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_framework_page_shows_the_link_only_to_roles_that_may_see_the_grid(client, setup):
    link = url("assignments", setup)
    client.force_login(make_user(Role.WORKING_GROUP))
    assert (
        link in client.get(reverse("frameworks:detail", args=[setup.framework.pk])).content.decode()
    )
    client.force_login(make_user(Role.COUNCIL_MEMBER))
    page = client.get(reverse("frameworks:detail", args=[setup.framework.pk]))
    assert page.status_code == 200
    assert link not in page.content.decode()


def test_an_unknown_framework_is_not_found(client):
    client.force_login(make_user(Role.COORDINATOR))
    assert client.get(reverse("appraisals:assignments", args=[999999])).status_code == 404
