"""The open data files of a published campaign read back with the csv module, json and
openpyxl, and hold the hand-computed numbers of the tied cycle."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dti.agencies.models import Tier
from tests.factories import make_agency
from tests.results.portal_helpers import results_campaign, tied_cycle, write_result

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign():
    return tied_cycle().campaign


def download(client, campaign, fmt):
    response = client.get(reverse("portal:opendata", args=[campaign.pk, fmt]))
    assert response.status_code == 200
    assert f"dti-{campaign.year}-{campaign.pk}.{fmt}" in response["Content-Disposition"]
    return response


def test_the_csv_has_a_bom_dot_decimals_and_one_row_per_agency(client, campaign):
    response = download(client, campaign, "csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
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
    assert (sct["points"], sct["max_points"], sct["self_dti_value"]) == ("45.00", "60.00", "0.7917")
    assert (sct["group_1_points"], sct["group_1_max_points"]) == ("25.00", "30.00")
    assert (syt["group_2_points"], syt["group_2_max_points"]) == ("10.00", "10.00")
    assert sct["rank_robust"] in ("true", "false")
    assert sct["rank_low"].isdigit() and sct["rank_high"].isdigit()


def test_the_json_has_metadata_and_numbers_as_decimal_strings(client, campaign):
    document = json.loads(download(client, campaign, "json").content)
    assert document["campaign"] == {
        "id": campaign.pk,
        "year": campaign.year,
        "title": campaign.title,
    }
    assert document["published_at"] == campaign.published_at.isoformat()
    assert "Dữ liệu mở" in document["licence"]
    sct, syt = document["results"]
    assert (sct["agency_code"], sct["rank"], sct["dti_value"], sct["points"]) == (
        "SCT",
        1,
        "0.7500",
        "45.00",
    )
    assert sct["self_dti_value"] == "0.7917"
    assert syt["groups"] == {
        "1": {"points": "20.00", "max_points": "30.00"},
        "2": {"points": "10.00", "max_points": "10.00"},
    }
    assert isinstance(syt["rank_robust"], bool)


def test_the_xlsx_has_numeric_cells(client, campaign):
    workbook = load_workbook(io.BytesIO(download(client, campaign, "xlsx").content))
    sheet = workbook["results"]
    header, *rows = sheet.iter_rows(values_only=True)
    records = [dict(zip(header, row, strict=True)) for row in rows]
    assert [(item["agency_code"], item["rank"]) for item in records] == [("SCT", 1), ("SYT", 1)]
    sct, syt = records
    assert Decimal(str(sct["dti_value"])) == Decimal("0.75")
    assert Decimal(str(sct["points"])) == Decimal("45")
    assert Decimal(str(sct["self_dti_value"])) == Decimal("0.7917")
    assert Decimal(str(syt["group_2_max_points"])) == Decimal("10")
    assert sheet.cell(row=2, column=header.index("dti_value") + 1).number_format == "0.0000"
    about = dict(workbook["about"].iter_rows(values_only=True))
    assert about["campaign"] == campaign.title
    assert "Dữ liệu mở" in about["licence"]


def test_a_group_an_agency_does_not_have_is_an_empty_cell_and_absent_from_json(client):
    full = make_agency("S1", Tier.DEPARTMENT, name="Sở Một")
    partial = make_agency("S2", Tier.DEPARTMENT, name="Sở Hai")
    campaign = results_campaign([full, partial])
    write_result(campaign, full, rank=1, group_points=(25, 20))
    write_result(campaign, partial, rank=2, group_points=(15,))
    response = download(client, campaign, "csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(row["group_2_points"], row["group_2_max_points"]) for row in rows] == [
        ("20.00", "30.00"),
        ("", ""),
    ]
    document = json.loads(download(client, campaign, "json").content)
    assert [sorted(item["groups"]) for item in document["results"]] == [["1", "2"], ["1"]]
