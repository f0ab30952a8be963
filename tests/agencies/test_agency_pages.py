import re

import pytest
from django.urls import reverse

from dti.agencies.models import Role, Tier
from dti.frameworks.services import load_framework
from tests.factories import make_agency, make_user
from tests.frameworks.helpers import small_document

pytestmark = pytest.mark.django_db


def test_agency_page_lists_the_indicators_that_apply_to_it(client):
    load_framework(small_document())
    agency = make_agency("SCT", Tier.DEPARTMENT, name="Sở Công Thương", flags=["digital_economy"])
    other = make_agency("SYT", Tier.DEPARTMENT, name="Sở Y tế")
    client.force_login(make_user(Role.COORDINATOR))
    flagged = client.get(reverse("agencies:detail", args=[agency.pk])).context["frameworks"][0]
    plain = client.get(reverse("agencies:detail", args=[other.pk])).context["frameworks"][0]
    assert [item.code for item in flagged.applicable] == ["1.1", "1.2", "2.1", "2.2"]
    assert [item.code for item in plain.not_applicable] == ["2.2"]


def test_agency_list_filters_by_tier_flag_and_text(client):
    make_agency("SCT", Tier.DEPARTMENT, name="Sở Công Thương", flags=["digital_economy"])
    make_agency("SYT", Tier.DEPARTMENT, name="Sở Y tế")
    make_agency("P-HK", Tier.COMMUNE, name="Phường Hoàn Kiếm")
    client.force_login(make_user(Role.WORKING_GROUP))

    def codes(**query):
        response = client.get(reverse("agencies:list"), query)
        return sorted(agency.code for agency in response.context["agencies"])

    assert codes(tier="commune") == ["P-HK"]
    assert codes(flag="digital_economy") == ["SCT"]
    assert codes(q="Y tế") == ["SYT"]


@pytest.mark.parametrize(
    "role", [Role.AGENCY_STAFF, Role.AGENCY_LEADER, Role.APPRAISER, Role.COUNCIL_MEMBER]
)
def test_agency_pages_are_for_coordinator_and_working_group_only(client, role):
    agency = make_agency()
    client.force_login(make_user(role))
    assert client.get(reverse("agencies:list")).status_code == 403
    assert client.get(reverse("agencies:detail", args=[agency.pk])).status_code == 403
    assert client.get(reverse("agencies:import")).status_code == 403


def test_agency_pages_show_plain_years_and_what_a_flag_means(client):
    load_framework(small_document())
    agency = make_agency(
        "SKHDT",
        Tier.DEPARTMENT,
        name="Sở Kế hoạch và Đầu tư",
        flags=["digital_economy"],
        flags_year=2024,
        active_from=2020,
        active_until=2025,
    )
    client.force_login(make_user(Role.COORDINATOR))
    pages = [
        client.get(reverse("agencies:list")).content.decode(),
        client.get(reverse("agencies:detail", args=[agency.pk])).content.decode(),
    ]
    for page in pages:
        assert "2020–2025" in page
        assert "2024: Có nhiệm vụ kinh tế số" in page
        assert not {"2.020", "2.024", "2.025"} & set(re.findall(r"\d\.\d{3}", page))
        assert "digital_economy<" not in page and "(digital_economy)" not in page
    assert "không áp dụng: 2.2 (Có nhiệm vụ kinh tế số)" in pages[1]  # flagged in 2024 only


def test_the_flag_is_named_in_english_in_the_english_interface(client, settings):
    load_framework(small_document())
    agency = make_agency("SYT", Tier.DEPARTMENT, name="Sở Y tế")
    client.force_login(make_user(Role.COORDINATOR))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("agencies:detail", args=[agency.pk])).content.decode()
    assert "not applicable: 2.2 (Digital-economy tasks)" in page
