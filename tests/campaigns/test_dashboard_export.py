"""The dashboard's table downloads as Excel and CSV, with the page's filters."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from dti.agencies.models import Role, Tier
from tests.campaigns.dashboard_helpers import answer, answer_all_and_submit, deadlines_from_now
from tests.factories import make_agency, make_campaign, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client, settings):
    """Column headers follow the user's language; these tests read them in English."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def coordinator():
    return make_user(Role.COORDINATOR)


@pytest.fixture
def campaign(coordinator):
    syt = make_agency("SYT", Tier.DEPARTMENT, name="Sở Y tế")
    sct = make_agency("SCT", Tier.DEPARTMENT, name="Sở Công Thương", flags=["digital_economy"])
    campaign = make_campaign([syt, sct], by=coordinator, deadlines=deadlines_from_now(10))
    answer(campaign.assessments.get(agency=syt), make_user(Role.AGENCY_STAFF, syt), ["1.1"])
    answer_all_and_submit(campaign.assessments.get(agency=sct), make_user(Role.AGENCY_LEADER, sct))
    return campaign


def download(client, name, campaign, **params):
    response = client.get(reverse(f"campaigns:{name}", args=[campaign.pk]), params)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    return response.content


def read_xlsx(content):
    sheet = load_workbook(io.BytesIO(content)).active
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    return [dict(zip(header, row, strict=True)) for row in rows]


def read_csv(content):
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_xlsx_export_holds_one_row_per_agency_with_typed_values(client, campaign, coordinator):
    client.force_login(coordinator)
    rows = {
        row["Agency code"]: row
        for row in read_xlsx(download(client, "dashboard_export_xlsx", campaign))
    }
    assert set(rows) == {"SYT", "SCT"}
    assert rows["SYT"]["Agency"] == "Sở Y tế"
    assert (rows["SYT"]["Answered"], rows["SYT"]["Applicable indicators"]) == (1, 3)
    assert rows["SYT"]["Missing evidence"] == 3
    assert rows["SYT"]["Status"] == "Draft"
    assert rows["SYT"]["Submitted at"] is None
    assert rows["SCT"]["Status"] == "Submitted"
    assert rows["SCT"]["Progress (%)"] == 100
    assert 0 < rows["SCT"]["Self-assessed DTI value"] <= 1
    assert rows["SCT"]["Submitted at"] is not None
    assert rows["SCT"]["Overdue"] == "No"


def test_csv_export_has_the_same_rows_in_utf8_with_bom(client, campaign, coordinator):
    client.force_login(coordinator)
    rows = {
        row["Agency code"]: row
        for row in read_csv(download(client, "dashboard_export_csv", campaign))
    }
    assert rows["SCT"]["Agency"] == "Sở Công Thương"
    assert (rows["SYT"]["Answered"], rows["SYT"]["Applicable indicators"]) == ("1", "3")
    assert rows["SCT"]["Status"] == "Submitted"
    assert rows["SYT"]["Submitted at"] == ""


def test_exports_apply_the_page_filters(client, campaign, coordinator):
    client.force_login(coordinator)
    submitted = read_csv(download(client, "dashboard_export_csv", campaign, status="submitted"))
    assert [row["Agency code"] for row in submitted] == ["SCT"]
    searched = read_xlsx(download(client, "dashboard_export_xlsx", campaign, q="y te"))
    assert [row["Agency code"] for row in searched] == ["SYT"]


def test_the_page_passes_its_filters_to_the_export_links(client, campaign, coordinator):
    client.force_login(coordinator)
    response = client.get(
        reverse("campaigns:dashboard", args=[campaign.pk]), {"status": "draft", "q": "y tế"}
    )
    assert response.context["export_query"] == "status=draft&q=y+t%E1%BA%BF"
    export = reverse("campaigns:dashboard_export_csv", args=[campaign.pk])
    assert f"{export}?status=draft&amp;q=y+t%E1%BA%BF" in response.content.decode()
