"""Files chosen and sent with the keyboard only on the self-assessment pages: evidence attached
to an indicator, and the filled Excel form uploaded, checked and confirmed. Tab reaches the file
input, Space opens the file chooser, Enter or Space sends the form."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from dti.assessments.excel_form import write_form
from dti.assessments.models import Response
from tests.assessments.evidence_helpers import MINIMAL_PDF
from tests.assessments.excel_form_helpers import open_assessment, set_value
from tests.factories import PASSWORD

from .browser import expect
from .keyboard import choose_file_by_keyboard, press_tab_until

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_evidence_is_attached_with_the_keyboard_only(people, steps):
    assessment, staff = open_assessment()
    page = people.signed_in(staff.username, PASSWORD)
    page.goto(f"/assessments/{assessment.pk}/indicators/1.1/")
    with steps.step(page, "Bàn phím: Tab tới ô chọn tệp, Space mở hộp chọn tệp"):
        choose_file_by_keyboard(
            page,
            "#evidence-file",
            {"name": "bien-ban-hop.pdf", "mimeType": "application/pdf", "buffer": MINIMAL_PDF},
        )
        press_tab_until(page, "#evidence-title")
        page.keyboard.type("Biên bản họp Ban chỉ đạo")
        press_tab_until(page, ".evidence-form button[type=submit]")
    with steps.step(page, "Bàn phím: Enter gửi tài liệu kiểm chứng"):
        with page.expect_navigation():
            page.keyboard.press("Enter")
        expect(page.locator("main .message--success")).to_be_visible()
        expect(page.locator("main .evidence-list")).to_contain_text("Biên bản họp Ban chỉ đạo")
    response = Response.objects.get(assessment=assessment, indicator__code="1.1")
    assert [item.original_name for item in response.evidence.all()] == ["bien-ban-hop.pdf"]


def test_the_excel_form_is_uploaded_and_confirmed_with_the_keyboard_only(people, steps, tmp_path):
    assessment, staff = open_assessment()
    workbook = load_workbook(io.BytesIO(write_form(assessment)))
    set_value(workbook, "1.1", "meetings", 3)
    path = tmp_path / "bieu-mau-da-dien.xlsx"
    workbook.save(path)

    page = people.signed_in(staff.username, PASSWORD)
    page.goto(f"/assessments/{assessment.pk}/excel/upload/")
    with steps.step(page, "Bàn phím: chọn biểu mẫu Excel đã điền"):
        choose_file_by_keyboard(page, "#id_file", path)
        press_tab_until(page, "main form[data-busy] button[type=submit]")
    with steps.step(page, "Bàn phím: Space gửi tệp, xem trước thay đổi"):
        with page.expect_navigation():
            page.keyboard.press("Space")
        expect(page.locator("main .excel-changes")).to_contain_text("1.1")
        press_tab_until(page, "main form.excel-confirm button[type=submit]")
    with steps.step(page, "Bàn phím: Enter xác nhận, chỉ số 1.1 được cập nhật"):
        with page.expect_navigation():
            page.keyboard.press("Enter")
        expect(page.locator("main .message--success")).to_be_visible()
    response = Response.objects.get(assessment=assessment, indicator__code="1.1")
    assert response.values == {"meetings": 3}
