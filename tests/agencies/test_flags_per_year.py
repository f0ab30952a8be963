"""Agency flags are yearly facts: each year's agency list sets that year's flags only, and a
campaign, the applicability page and the agency page read the flags of their own year."""

import io

import pytest
from django.urls import reverse
from django.utils import translation

from dti.agencies.importing import COLUMNS, AgencyImportError, import_agencies, import_agencies_path
from dti.agencies.models import Agency, AgencyFlag, Role, Tier
from dti.audit.models import AuditEvent
from dti.core.demo import DATA_DIR
from dti.frameworks.files import read_framework_path
from dti.frameworks.models import Framework
from dti.frameworks.services import load_framework
from tests.factories import make_agency, make_campaign, make_user
from tests.frameworks.helpers import small_document

pytestmark = pytest.mark.django_db

# The departments the shipped 2025 list flags for the digital economy (a working assumption:
# the sources say eight, without names); the 2024 list flags none (the sources name none).
FLAGGED_2025 = {"STC", "SXD", "SNNMT", "SCT", "SKHCN", "SVHTT", "SDL", "BQLKCN"}
DIGITAL_ECONOMY_INDICATOR = "7.1"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def flagged(year: int) -> set[str]:
    return set(
        AgencyFlag.objects.filter(year=year, flag="digital_economy").values_list(
            "agency__code", flat=True
        )
    )


def csv_bytes(header: str, *rows: str) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


@pytest.mark.parametrize("order", [(2025, 2024), (2024, 2025)])
def test_each_years_list_leaves_the_other_years_flags_intact(order):
    for year in order:
        import_agencies_path(DATA_DIR / f"agencies-{year}.csv")
    assert flagged(2025) == FLAGGED_2025
    assert flagged(2024) == set()


def test_a_list_sets_only_its_own_years_flags_and_clears_them_where_the_cell_is_empty():
    header = "code,name,tier,year,flags"
    import_agencies(
        "a.csv", csv_bytes(header, "SCT,Sở Công Thương,department,2024,digital_economy")
    )
    import_agencies(
        "b.csv", csv_bytes(header, "SCT,Sở Công Thương,department,2025,digital_economy")
    )
    summary = import_agencies("c.csv", csv_bytes(header, "SCT,Sở Công Thương,department,2024,"))
    agency = Agency.objects.get(code="SCT")
    assert summary.updated == ["SCT"]
    assert agency.flags_in(2024) == frozenset()
    assert agency.flags_in(2025) == {"digital_economy"}


def test_a_list_without_flags_keeps_every_years_flags_and_still_updates_names():
    make_agency("SCT", name="Sở Công Thương", flags=["digital_economy"], flags_year=2025)
    summary = import_agencies(
        "names.csv", csv_bytes("code,name,tier", "SCT,Sở Công Thương HN,department")
    )
    agency = Agency.objects.get(code="SCT")
    assert summary.updated == ["SCT"]
    assert agency.name == "Sở Công Thương HN"
    assert agency.flags_in(2025) == {"digital_economy"}


def test_a_list_with_flags_but_no_year_column_is_refused():
    with pytest.raises(AgencyImportError) as raised:
        import_agencies(
            "list.csv", csv_bytes("code,name,tier,flags", "SCT,Sở Công Thương,department,")
        )
    assert raised.value.lines == [
        "list.csv: row 1: the column flags needs a column year: flags are set for one year "
        "(e.g. 2025), so the list must say which."
    ]
    assert not Agency.objects.exists()


def test_a_row_without_a_year_or_with_a_wrong_one_is_refused_by_row_and_column():
    with pytest.raises(AgencyImportError) as raised:
        import_agencies(
            "list.csv",
            csv_bytes(
                ",".join(COLUMNS),
                "SCT,Sở Công Thương,,department,,digital_economy,,,,,,,",
                "SYT,Sở Y tế,,department,năm 2025,,,,,,,,",
                "SXD,Sở Xây dựng,,department,2025," + "x" * 65 + ",,,,,,,",
            ),
        )
    assert raised.value.lines == [
        "list.csv: row 2, column year: This field is required.",
        "list.csv: row 3, column year: Expected a year such as 2025, found năm 2025.",
        f"list.csv: row 4, column flags: A flag has at most 64 characters: {'x' * 65}.",
    ]
    assert not Agency.objects.exists()


def test_the_page_names_the_row_and_column_in_vietnamese(client):
    client.force_login(make_user(Role.COORDINATOR))
    upload = io.BytesIO(csv_bytes("code,name,tier,year,flags", "SCT,Sở Công Thương,department,,"))
    upload.name = "list.csv"
    response = client.post(reverse("agencies:import"), {"file": upload})
    assert "list.csv: dòng 2, cột year: Trường này là bắt buộc." in response.content.decode()
    assert not Agency.objects.exists()


def test_a_change_of_a_years_flags_is_audited_under_that_year():
    make_agency("SCT", name="Sở Công Thương", tier=Tier.DEPARTMENT)
    header = "code,name,tier,year,flags"
    import_agencies(
        "2025.csv", csv_bytes(header, "SCT,Sở Công Thương,department,2025,digital_economy")
    )
    event = AuditEvent.objects.get(action="agency.import")
    assert event.before == {"flags 2025": []}
    assert event.after == {"flags 2025": ["digital_economy"]}


def test_a_campaign_takes_the_flags_of_its_own_year():
    framework = load_framework(small_document())  # indicator 2.2 needs digital_economy
    agency = make_agency("SCT", flags=["digital_economy"], flags_year=2024)
    codes = {}
    for year in (2024, 2025):
        campaign = make_campaign([agency], framework, year=year)
        assessment = campaign.assessments.get()
        codes[year] = (
            assessment.agency_flags,
            sorted(assessment.responses.values_list("indicator__code", flat=True)),
        )
    assert codes[2024] == (["digital_economy"], ["1.1", "1.2", "2.1", "2.2"])
    assert codes[2025] == ([], ["1.1", "1.2", "2.1"])


@pytest.fixture
def shipped_2025_department_framework() -> Framework:
    for year in (2025, 2024):  # the 2024 list last: it must not clear the 2025 flags
        import_agencies_path(DATA_DIR / f"agencies-{year}.csv")
    return load_framework(read_framework_path(DATA_DIR / "hanoi-2025-department.yaml"))


def test_the_applicability_page_reads_the_flags_of_the_frameworks_year(
    client, shipped_2025_department_framework
):
    client.force_login(make_user(Role.COORDINATOR))
    framework = shipped_2025_department_framework
    response = client.get(reverse("frameworks:applicability", args=[framework.pk]))
    conditional = [item.code for item in response.context["conditional"]]
    assert conditional == [DIGITAL_ECONOMY_INDICATOR]
    applying = {row.agency.code for row in response.context["rows"] if row.applicable[0]}
    assert applying == FLAGGED_2025


def test_the_agency_page_reads_the_flags_of_each_frameworks_year(client):
    load_framework(small_document())  # 2025
    older = small_document()
    older.update(code="TEST-SMALL-2024", year=2024)
    load_framework(older)
    agency = make_agency("SCT", flags=["digital_economy"], flags_year=2024)
    client.force_login(make_user(Role.COORDINATOR))
    frameworks = client.get(reverse("agencies:detail", args=[agency.pk])).context["frameworks"]
    not_applicable = {
        item.framework.year: [i.code for i in item.not_applicable] for item in frameworks
    }
    assert not_applicable == {2024: [], 2025: ["2.2"]}


def test_the_list_filters_by_a_flag_in_a_given_year(client):
    make_agency("SCT", flags=["digital_economy"], flags_year=2025)
    make_agency("SDL", flags=["digital_economy"], flags_year=2024)
    make_agency("SYT")
    client.force_login(make_user(Role.WORKING_GROUP))

    def codes(**query):
        response = client.get(reverse("agencies:list"), query)
        return sorted(agency.code for agency in response.context["agencies"])

    assert codes(flag="digital_economy") == ["SCT", "SDL"]
    assert codes(flag="digital_economy", year=2025) == ["SCT"]
    assert codes(flag="digital_economy", year=2024) == ["SDL"]
