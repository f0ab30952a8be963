"""Django admin shows an agency's flags per year, by what they mean, and lets the coordinator
correct one year's flags without touching another's (audited like every admin edit)."""

import html

import pytest
from django.urls import reverse

from dti.agencies.models import Role
from dti.audit.models import AuditEvent
from tests.factories import make_agency, make_user
from tests.frameworks.helpers import admin_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client):
    user = make_user(Role.COORDINATOR)
    client.force_login(user)
    return user


def test_the_agency_list_shows_the_flags_of_each_year(client, coordinator):
    make_agency("SCT", name="Sở Công Thương", flags=["digital_economy"], flags_year=2025)
    page = html.unescape(client.get(reverse("admin:agencies_agency_changelist")).content.decode())
    assert "Các đánh dấu theo năm" in page
    assert "2025: Có nhiệm vụ kinh tế số" in page


def test_a_flag_added_for_one_year_leaves_the_other_years(client, coordinator):
    agency = make_agency("SCT", name="Sở Công Thương", flags=["digital_economy"], flags_year=2025)
    url = reverse("admin:agencies_agency_change", args=[agency.pk])
    page = html.unescape(client.get(url).content.decode())
    assert "Các đánh dấu theo năm" in page and "Có nhiệm vụ kinh tế số" in page
    data = admin_form(client, url)
    data |= {
        "yearly_flags-TOTAL_FORMS": "2",
        "yearly_flags-1-year": "2024",
        "yearly_flags-1-flag": "digital_economy",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert agency.flags_in(2024) == {"digital_economy"}
    assert agency.flags_in(2025) == {"digital_economy"}
    event = AuditEvent.objects.get(action="admin.add")
    assert (event.object_type, event.agency) == ("agencies.agencyflag", agency)
    assert (event.after["year"], event.after["flag"]) == (2024, "digital_economy")
