"""Files the server writes while the person waits (the dashboard's Excel and CSV, the Excel
self-assessment form): the busy bar shows from the click until the file has arrived, a second
click meanwhile starts nothing, and the file is saved under the server's name.

The server is held back by the test (the request waits in the browser until released), as a
city-wide export keeps it busy for a few seconds."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from dti.agencies.models import Role
from tests.assessments.excel_form_helpers import open_assessment
from tests.factories import PASSWORD, make_agency, make_campaign, make_user

from .browser import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def hold_requests(page, pattern: str) -> list:
    """Requests to ``pattern`` wait, unanswered, in the returned list until the test releases
    them with ``route.continue_()``."""
    held = []
    page.route(pattern, lambda route: held.append(route))
    return held


def download_while_held(page, steps, link, pattern: str, title: str):
    held = hold_requests(page, pattern)
    busy = page.locator("main [data-download-busy]")
    expect(busy).to_be_hidden()
    with steps.step(page, title):
        link.click()
        expect(busy).to_be_visible()
        expect(busy).to_contain_text("Đang chuẩn bị tệp")
        link.click()  # impatient: the file is already on its way
    assert len(held) == 1
    with page.expect_download() as download:
        held[0].continue_()
    expect(busy).to_be_hidden()
    expect(link).not_to_have_attribute("aria-busy", "true")
    assert len(held) == 1
    return download.value


def test_the_dashboard_excel_shows_the_busy_bar_until_the_file_arrives(people, steps, tmp_path):
    coordinator = make_user(Role.COORDINATOR, username="dieuphoi")
    campaign = make_campaign([make_agency(name="Sở Y tế"), make_agency()], by=coordinator)
    page = people.signed_in("dieuphoi", PASSWORD)
    page.goto(f"/campaigns/{campaign.pk}/dashboard/")
    link = page.locator("main a[data-busy-download][href*='export.xlsx']")
    download = download_while_held(
        page, steps, link, "**/dashboard/export.xlsx*", "Bảng theo dõi: đang chuẩn bị tệp Excel"
    )
    assert download.suggested_filename.endswith(".xlsx")
    download.save_as(tmp_path / "tien-do.xlsx")
    sheet = load_workbook(tmp_path / "tien-do.xlsx").active
    assert "Sở Y tế" in [cell.value for row in sheet.iter_rows() for cell in row]


def test_the_self_assessment_excel_form_shows_the_busy_bar_until_it_arrives(
    people, steps, tmp_path
):
    assessment, staff = open_assessment()
    page = people.signed_in(staff.username, PASSWORD)
    page.goto(f"/assessments/{assessment.pk}/")
    link = page.locator(f"main a[href='/assessments/{assessment.pk}/excel/']")
    download = download_while_held(
        page, steps, link, "**/excel/", "Tổng quan tự đánh giá: đang chuẩn bị biểu mẫu Excel"
    )
    assert download.suggested_filename.endswith(".xlsx")
    download.save_as(tmp_path / "bieu-mau.xlsx")
    assert load_workbook(tmp_path / "bieu-mau.xlsx").sheetnames
