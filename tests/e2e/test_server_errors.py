"""Errors the server finds after a form is sent, as a person sees them: next to the field they
are about, named by that field (aria-describedby), and with what the person typed kept, so that
only the wrong part is typed again."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from dti.agencies.models import Role
from dti.campaigns.models import PHASE_ORDER, Campaign
from dti.frameworks.services import load_framework
from tests.assessments.excel_form_helpers import open_assessment
from tests.factories import PASSWORD, make_user
from tests.frameworks.helpers import small_document

from .axe import assert_no_serious_violation, audit
from .browser import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def error_of(page, field_id: str):
    """The error block that the input ``field_id`` says describes it."""
    described_by = page.get_attribute(f"#{field_id}", "aria-describedby") or ""
    assert f"{field_id}_error" in described_by.split(), described_by
    return page.locator(f"#{field_id}_error")


def test_a_wrong_deadline_is_shown_next_to_its_field_and_everything_typed_is_kept(
    axe_people, steps
):
    framework = load_framework(small_document())
    make_user(Role.COORDINATOR, username="dieuphoi")
    today = timezone.localdate()
    dates = {
        phase: (today + datetime.timedelta(days=10 * (index + 1))).strftime("%d/%m/%Y")
        for index, phase in enumerate(PHASE_ORDER)
    }
    impossible, early = PHASE_ORDER[1], PHASE_ORDER[3]
    dates[impossible] = f"31/02/{today.year + 1}"  # there is no 31 February
    dates[early] = (today + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    page = axe_people.signed_in("dieuphoi", PASSWORD)
    page.goto("/campaigns/new/")
    page.fill("#id_title", "Đánh giá DTI năm sau")
    page.fill("#id_plan_reference", "Kế hoạch 45/KH-UBND")
    page.select_option("#id_framework_department", str(framework.pk))
    for phase, date in dates.items():
        page.fill(f"#id_deadline_{phase}", date)
    with steps.step(page, "Thời hạn sai: lỗi cạnh ô nhập, giữ nguyên những gì đã gõ"):
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        expect(error_of(page, f"id_deadline_{impossible}")).to_be_visible()
        expect(error_of(page, f"id_deadline_{early}")).to_contain_text("giai đoạn trước")
        expect(page.locator(f"#id_deadline_{impossible}")).to_have_attribute("aria-invalid", "true")
        for phase, date in dates.items():
            expect(page.locator(f"#id_deadline_{phase}")).to_have_value(date)
        expect(page.locator("#id_title")).to_have_value("Đánh giá DTI năm sau")
        expect(page.locator("#id_plan_reference")).to_have_value("Kế hoạch 45/KH-UBND")
        expect(page.locator("#id_framework_department")).to_have_value(str(framework.pk))
    assert not Campaign.objects.exists()
    assert_no_serious_violation(audit(page, "Đợt đánh giá mới có lỗi"), steps.folder)


def excel_file(content: bytes) -> list[dict]:
    return [
        {
            "name": "bieu-mau.xlsx",
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "buffer": content,
        }
    ]


def test_an_empty_excel_file_is_refused_next_to_the_file_field(axe_people, steps):
    assessment, staff = open_assessment()
    page = axe_people.signed_in(staff.username, PASSWORD)
    page.goto(f"/assessments/{assessment.pk}/excel/upload/")
    page.set_input_files("#id_file", files=excel_file(b""))
    with steps.step(page, "Tệp Excel rỗng bị từ chối: lý do cạnh ô chọn tệp"):
        with page.expect_navigation():
            page.click("main form[data-busy] button[type=submit]")
        expect(error_of(page, "id_file")).to_contain_text("rỗng")
        expect(page.locator("#id_file")).to_have_attribute("aria-invalid", "true")
    assert_no_serious_violation(audit(page, "Tệp Excel rỗng bị từ chối"), steps.folder)


def test_a_file_that_is_not_a_workbook_is_refused_with_its_reason_above_the_form(axe_people, steps):
    assessment, staff = open_assessment()
    page = axe_people.signed_in(staff.username, PASSWORD)
    page.goto(f"/assessments/{assessment.pk}/excel/upload/")
    page.set_input_files("#id_file", files=excel_file("Không phải bảng tính".encode()))
    with steps.step(page, "Tệp không phải bảng tính: lý do ngay trên biểu mẫu tải lên"):
        with page.expect_navigation():
            page.click("main form[data-busy] button[type=submit]")
        problems = page.locator("main .problems[role=alert]")
        expect(problems).to_contain_text("chưa có thay đổi nào")
        expect(problems).to_contain_text("không phải bảng tính Excel")
        expect(page.locator("main form[data-busy] #id_file")).to_be_visible()
    assert_no_serious_violation(audit(page, "Tệp không phải bảng tính"), steps.folder)
