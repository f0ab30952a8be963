"""The open data files of a published campaign, one set per tier, read back with the csv
module, json and openpyxl: totals, group points and ranks, every indicator's self-assessed and
appraised points with its maximum, the change against the previous year where comparable, the
names of the groups and indicators in the codebook, and no formula a spreadsheet would run."""

import copy
import csv
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dti.agencies.models import Role, Tier
from dti.campaigns.models import Campaign, Phase
from dti.campaigns.services import create_campaign
from dti.frameworks.models import FrameworkMapping, Indicator, IndicatorMapping
from tests.factories import make_agency, make_user
from tests.frameworks.helpers import small_document
from tests.results.portal_helpers import (
    indicator,
    results_campaign,
    small_framework,
    tied_cycle,
    write_result,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign():
    return tied_cycle().campaign


def download(client, campaign, fmt, tier="department"):
    response = client.get(reverse("portal:opendata", args=[campaign.pk, tier, fmt]))
    assert response.status_code == 200
    assert f"dti-{campaign.year}-{campaign.pk}-{tier}.{fmt}" in response["Content-Disposition"]
    return response


def csv_rows(content: bytes) -> list[dict]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def codebook_rows(client, campaign, tier="department") -> list[dict]:
    response = client.get(reverse("portal:opendata_codebook", args=[campaign.pk, tier]))
    assert response.status_code == 200
    return csv_rows(response.content)


def test_the_csv_has_totals_groups_with_ranks_and_every_indicator(client, campaign):
    rows = csv_rows(download(client, campaign, "csv").content)
    assert [(row["agency_code"], row["rank"], row["dti_value"]) for row in rows] == [
        ("SCT", "1", "0.7500"),
        ("SYT", "1", "0.7500"),
    ]
    sct, syt = rows
    assert (sct["campaign_year"], sct["tier"], sct["agency_name"]) == (
        str(campaign.year),
        "department",
        "Sở Công Thương",
    )
    assert (sct["framework_code"], sct["framework_version"]) == ("TEST-SMALL", "1")
    assert (sct["points"], sct["max_points"], sct["self_dti_value"]) == ("45.00", "60.00", "0.7917")
    # Group 1: SCT 25 / 30 (83 %), SYT 20 / 30; group 2: SCT 20 / 30, SYT 10 / 10 (100 %).
    assert (sct["group_1_points"], sct["group_1_max_points"], sct["group_1_rank"]) == (
        "25.00",
        "30.00",
        "1",
    )
    assert (syt["group_2_points"], syt["group_2_max_points"], syt["group_2_rank"]) == (
        "10.00",
        "10.00",
        "1",
    )
    # SCT's 1.2 was adjusted from 3 of 4 meetings (7.5) to 2 of 4 (5) out of 10.
    assert (
        sct["indicator_1.2_self_points"],
        sct["indicator_1.2_points"],
        sct["indicator_1.2_max_points"],
    ) == ("7.50", "5.00", "10.00")
    assert (sct["indicator_2.2_points"], sct["indicator_2.2_max_points"]) == ("10.00", "20.00")
    assert syt["indicator_2.2_points"] == ""  # 2.2 does not apply to SYT
    assert sct["indicator_1.1_change"] == "" and sct["dti_value_change"] == ""  # no 2024
    assert sct["rank_robust"] in ("true", "false")


def test_the_codebook_names_every_group_and_indicator_of_the_tier(client, campaign):
    rows = codebook_rows(client, campaign)
    assert [(row["kind"], row["code"], row["group_code"]) for row in rows] == [
        ("group", "1", ""),
        ("group", "2", ""),
        ("indicator", "1.1", "1"),
        ("indicator", "1.2", "1"),
        ("indicator", "2.1", "2"),
        ("indicator", "2.2", "2"),
    ]
    group_two = rows[1]
    assert (group_two["name_vi"], group_two["name_en"], group_two["max_points"]) == (
        "An toàn thông tin mạng",
        "Cyber security",
        "30.00",
    )
    assert rows[2]["name_vi"] == "Số cuộc họp của Ban chỉ đạo"


def test_the_json_nests_groups_and_indicators_and_names_them_in_its_header(client, campaign):
    document = json.loads(download(client, campaign, "json").content)
    assert document["campaign"] == {
        "id": campaign.pk,
        "year": campaign.year,
        "title": campaign.title,
    }
    assert document["tier"] == "department"
    assert document["published_at"] == campaign.published_at.isoformat()
    assert "Dữ liệu mở" in document["licence"]
    framework = document["framework"]
    assert (framework["code"], framework["version"]) == ("TEST-SMALL", 1)
    assert framework["groups"][0] == {
        "code": "1",
        "name_vi": "Nhận thức số",
        "name_en": "Digital awareness",
        "max_points": "30.00",
    }
    assert [item["code"] for item in framework["indicators"]] == ["1.1", "1.2", "2.1", "2.2"]
    sct, syt = document["results"]
    assert (sct["agency_code"], sct["rank"], sct["dti_value"], sct["points"]) == (
        "SCT",
        1,
        "0.7500",
        "45.00",
    )
    assert syt["groups"] == {
        "1": {"points": "20.00", "max_points": "30.00", "rank": 2},
        "2": {"points": "10.00", "max_points": "10.00", "rank": 1},
    }
    assert sct["indicators"]["1.2"] == {
        "self_points": "7.50",
        "points": "5.00",
        "max_points": "10.00",
        "change": None,
    }
    assert list(syt["indicators"]) == ["1.1", "1.2", "2.1"]
    assert isinstance(syt["rank_robust"], bool)


def test_the_xlsx_has_numeric_cells_and_the_codebook_sheets(client, campaign):
    workbook = load_workbook(io.BytesIO(download(client, campaign, "xlsx").content))
    assert workbook.sheetnames == ["results", "groups", "indicators", "about"]
    sheet = workbook["results"]
    header, *rows = sheet.iter_rows(values_only=True)
    records = [dict(zip(header, row, strict=True)) for row in rows]
    assert [(item["agency_code"], item["rank"]) for item in records] == [("SCT", 1), ("SYT", 1)]
    sct, syt = records
    assert Decimal(str(sct["dti_value"])) == Decimal("0.75")
    assert Decimal(str(sct["self_dti_value"])) == Decimal("0.7917")
    assert Decimal(str(syt["group_2_max_points"])) == Decimal("10")
    assert (sct["group_1_rank"], syt["group_1_rank"]) == (1, 2)
    assert (sct["indicator_1.2_points"], sct["indicator_1.2_max_points"]) == (5, 10)
    assert syt["indicator_2.2_points"] is None
    for row_number in (2, 3):  # the streamed rows keep the first row's formats
        dti_cell = sheet.cell(row=row_number, column=header.index("dti_value") + 1)
        assert dti_cell.number_format == "0.0000"
    indicators = list(workbook["indicators"].iter_rows(values_only=True))
    assert indicators[0] == ("code", "group_code", "name_vi", "name_en", "max_points")
    assert indicators[4][:3] == ("2.2", "2", "Mức độ hoàn thiện quy chế")
    about = dict(workbook["about"].iter_rows(values_only=True))
    assert about["campaign"] == campaign.title
    assert about["tier"] == "department"
    assert "Dữ liệu mở" in about["licence"]


def two_tier_campaign():
    """Departments on the small framework (groups 1 and 2), communes on a copy whose second
    group is coded 3 (indicators 3.1 and 3.2)."""
    document = copy.deepcopy(small_document())
    second = document["groups"][1]
    second["code"] = "3"
    second["name"] = {"vi": "Hạ tầng số cấp xã", "en": "Commune digital infrastructure"}
    for item, code in zip(second["indicators"], ("3.1", "3.2"), strict=True):
        item["code"] = code
    communes = small_framework("TEST-XA", tier="commune", groups=document["groups"])
    departments = small_framework("TEST-SO")
    department = make_agency("SCT", Tier.DEPARTMENT, name="Sở Công Thương")
    commune = make_agency("X-1", Tier.COMMUNE, name="Xã Một")
    campaign = create_campaign(
        year=2025,
        title="DTI 2025",
        plan_reference="KH thử",
        frameworks=[departments, communes],
        agencies=[department, commune],
        by=make_user(Role.COORDINATOR),
    )
    Campaign.objects.filter(pk=campaign.pk).update(
        phase=Phase.PUBLISHED, published_at="2025-12-01T00:00Z"
    )
    campaign.refresh_from_db()
    write_result(campaign, department, rank=1, group_points=(25, 20))
    write_result(campaign, commune, rank=1, group_points=(15, 12), group_codes=("1", "3"))
    return campaign


def test_each_tier_has_its_own_files_with_the_groups_of_its_own_framework(client):
    campaign = two_tier_campaign()
    departments = csv_rows(download(client, campaign, "csv").content)
    communes = csv_rows(download(client, campaign, "csv", tier="commune").content)
    assert [row["agency_code"] for row in departments] == ["SCT"]
    assert [row["agency_code"] for row in communes] == ["X-1"]
    assert "group_2_points" in departments[0] and "group_3_points" not in departments[0]
    assert "group_3_points" in communes[0] and "group_2_points" not in communes[0]
    assert "indicator_3.1_points" in communes[0] and "indicator_2.1_points" not in communes[0]
    assert communes[0]["group_3_points"] == "12.00"
    assert communes[0]["framework_code"] == "TEST-XA"
    names = {row["code"]: row["name_vi"] for row in codebook_rows(client, campaign, "commune")}
    assert names["3"] == "Hạ tầng số cấp xã"
    page = client.get(reverse("portal:opendata_page", args=[campaign.pk])).content.decode()
    for tier in ("department", "commune"):
        assert reverse("portal:opendata", args=[campaign.pk, tier, "json"]) in page
        assert reverse("portal:opendata_codebook", args=[campaign.pk, tier]) in page


def comparable_wards():
    """Two wards assessed on the 2024 framework, then on the 2025 one, mapped with only 1.1
    named as the predecessor of 1.1: P-A had a 2024 result, P-B did not."""
    old_framework = small_framework("TEST-XA-2024", tier="commune", year=2024)
    framework = small_framework("TEST-XA", tier="commune")
    ward_a = make_agency("P-A", Tier.COMMUNE, name="Phường A")
    ward_b = make_agency("P-B", Tier.COMMUNE, name="Phường B")
    earlier = results_campaign([ward_a], year=2024, framework=old_framework)
    current = results_campaign([ward_a, ward_b], framework=framework)
    write_result(
        earlier,
        ward_a,
        rank=1,
        group_points=(15, 15),
        indicators={"1.1": indicator("1", 10, 20), "1.2": indicator("1", 5, 10)},
    )
    for rank, ward in enumerate((ward_a, ward_b), start=1):
        write_result(
            current,
            ward,
            rank=rank,
            group_points=(21, 15),
            indicators={"1.1": indicator("1", 15, 20), "1.2": indicator("1", 6, 10)},
        )
    mapping = FrameworkMapping.objects.create(source=old_framework, target=framework)
    IndicatorMapping.objects.create(
        mapping=mapping,
        source=Indicator.objects.get(framework=old_framework, code="1.1"),
        target=Indicator.objects.get(framework=framework, code="1.1"),
    )
    return current


def test_the_change_against_the_previous_year_is_given_where_comparable(client):
    campaign = comparable_wards()
    ward_a, ward_b = csv_rows(download(client, campaign, "csv", tier="commune").content)
    # P-A: 36 / 60 = 0.6000 against 30 / 60 = 0.5000; 1.1 from 50 % to 75 % of its maximum.
    assert (ward_a["previous_year"], ward_a["previous_dti_value"]) == ("2024", "0.5000")
    assert ward_a["dti_value_change"] == "0.1000"
    assert ward_a["indicator_1.1_change"] == "25.0"
    assert ward_a["indicator_1.2_change"] == ""  # the mapping names no predecessor
    assert (ward_b["previous_year"], ward_b["dti_value_change"]) == ("", "")
    document = json.loads(download(client, campaign, "json", tier="commune").content)
    first = document["results"][0]
    assert (first["dti_value_change"], first["indicators"]["1.1"]["change"]) == ("0.1000", "25.0")


def test_texts_that_a_spreadsheet_would_run_are_written_as_plain_text(client):
    document = copy.deepcopy(small_document())
    document["groups"][0]["name"] = {"vi": "=1+1", "en": "@SUM(A1)"}
    framework = small_framework("TEST-FORMULA", groups=document["groups"])
    agency = make_agency("SCT", Tier.DEPARTMENT, name='=HYPERLINK("http://x.example","Sở")')
    campaign = results_campaign([agency], framework=framework)
    write_result(campaign, agency, rank=1)
    (row,) = csv_rows(download(client, campaign, "csv").content)
    assert row["agency_name"] == '\'=HYPERLINK("http://x.example","Sở")'
    group = codebook_rows(client, campaign)[0]
    assert (group["name_vi"], group["name_en"]) == ("'=1+1", "'@SUM(A1)")
    workbook = load_workbook(io.BytesIO(download(client, campaign, "xlsx").content))
    header = [cell.value for cell in workbook["results"][1]]
    name_cell = workbook["results"].cell(row=2, column=header.index("agency_name") + 1)
    assert name_cell.data_type == "s"
    assert name_cell.value.startswith("=HYPERLINK")
    assert workbook["groups"].cell(row=2, column=2).data_type == "s"


def test_a_group_an_agency_does_not_have_is_an_empty_cell_and_absent_from_json(client):
    full = make_agency("S1", Tier.DEPARTMENT, name="Sở Một")
    partial = make_agency("S2", Tier.DEPARTMENT, name="Sở Hai")
    campaign = results_campaign([full, partial])
    write_result(campaign, full, rank=1, group_points=(25, 20))
    write_result(campaign, partial, rank=2, group_points=(15,))
    rows = csv_rows(download(client, campaign, "csv").content)
    assert [(row["group_2_points"], row["group_2_max_points"]) for row in rows] == [
        ("20.00", "30.00"),
        ("", ""),
    ]
    document = json.loads(download(client, campaign, "json").content)
    assert [sorted(item["groups"]) for item in document["results"]] == [["1", "2"], ["1"]]


def test_the_open_data_page_documents_the_columns_and_the_choice_of_one_file_per_tier(
    client, campaign
):
    response = client.get(reverse("portal:opendata_page", args=[campaign.pk]))
    content = response.content.decode()
    assert "mỗi khối có bộ tệp riêng" in content
    for column in ("dti_value_change", "group_&lt;code&gt;_rank", "indicator_&lt;code&gt;_points"):
        assert column in content
