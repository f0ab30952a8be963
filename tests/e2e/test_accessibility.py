"""The axe-core audit (WCAG 2.1 A and AA) of the main pages, each in the state in which people
use it, built through the services: no page may have a serious or critical violation.

Every finding, whatever its impact, is also written to ``axe.txt`` beside the screenshots.
"""

from __future__ import annotations

import pytest

from dti.agencies.models import Role
from dti.campaigns.models import Phase
from tests.appraisals.cycle import build_cycle
from tests.assessments.excel_form_helpers import open_assessment
from tests.factories import PASSWORD, make_user
from tests.jobs.helpers import failed_job, finished_job, running_job
from tests.reports.helpers import finalised_cycle

from .axe import Violation, assert_no_serious_violation, audit
from .browser import expect
from .people import PHONE
from .steps import Steps

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def audit_pages(page, steps: Steps, pages: list[tuple[str, str]]) -> list[Violation]:
    """Open each (title, address) in turn, take its screenshot and audit it."""
    found = []
    for title, address in pages:
        with steps.step(page, title):
            page.goto(address)
        found += audit(page, f"{title} {address}")
    return found


def test_sign_in_and_the_public_results_have_no_serious_accessibility_violation(axe_people, steps):
    cycle = build_cycle()
    cycle.accept_all(1)
    cycle.move(Phase.PUBLISHED)
    campaign_id = cycle.campaign.pk
    visitor = axe_people.visitor()
    found = audit_pages(
        visitor,
        steps,
        [
            ("Đăng nhập", "/login/"),
            ("Kết quả công bố", "/ket-qua/"),
            ("Bảng xếp hạng", f"/ket-qua/{campaign_id}/department/"),
            ("Trang kết quả của một cơ quan", f"/ket-qua/{campaign_id}/agency/SCT/"),
        ],
    )
    phone = axe_people.visitor(viewport=PHONE)
    found += audit_pages(
        phone, steps, [("Bảng xếp hạng trên điện thoại", f"/ket-qua/{campaign_id}/department/")]
    )
    assert_no_serious_violation(found, steps.folder)


def test_the_self_assessment_pages_have_no_serious_accessibility_violation(axe_people, steps):
    assessment, staff = open_assessment()
    page = axe_people.signed_in(staff.username, PASSWORD)
    overview = f"/assessments/{assessment.pk}/"
    found = audit_pages(
        page,
        steps,
        [
            ("Tổng quan tự đánh giá", overview),
            ("Biểu mẫu chỉ số", f"{overview}indicators/1.2/"),
        ],
    )
    with steps.step(page, "Biểu mẫu chỉ số có lỗi nhập liệu"):
        page.fill("#id_chaired", "5")
        page.fill("#id_total", "4")
        page.locator("[data-field=chaired] .field__error").wait_for()
    found += audit(page, "Biểu mẫu chỉ số có lỗi nhập liệu")
    found += audit_pages(page, steps, [("Tải lên biểu mẫu Excel", f"{overview}excel/upload/")])
    assert_no_serious_violation(found, steps.folder)


def test_the_appraisal_pages_have_no_serious_accessibility_violation(axe_people, steps):
    cycle = build_cycle()
    campaign_id = cycle.campaign.pk
    appraiser = cycle.appraiser_for("1.1")
    item = cycle.appraisal("SCT", "1.1")
    page = axe_people.signed_in(appraiser.username, PASSWORD)
    found = audit_pages(
        page,
        steps,
        [
            ("Danh sách cần thẩm định", f"/appraisals/campaigns/{campaign_id}/queue/"),
            ("Thẩm định một chỉ số", f"/appraisals/items/{item.pk}/"),
        ],
    )
    coordinator = axe_people.signed_in(cycle.coordinator.username, PASSWORD)
    found += audit_pages(
        coordinator,
        steps,
        [
            ("Đợt đánh giá", f"/campaigns/{campaign_id}/"),
            ("Bảng theo dõi tiến độ", f"/campaigns/{campaign_id}/dashboard/"),
        ],
    )
    assert_no_serious_violation(found, steps.folder)


def test_the_council_pages_have_no_serious_accessibility_violation(axe_people, steps):
    cycle = build_cycle()
    cycle.accept_all(1)
    cycle.move(Phase.COUNCIL)
    campaign_id = cycle.campaign.pk
    member = make_user(Role.COUNCIL_MEMBER)
    page = axe_people.signed_in(member.username, PASSWORD)
    found = audit_pages(
        page,
        steps,
        [
            ("Kết quả tổng hợp và phiếu ý kiến", f"/appraisals/campaigns/{campaign_id}/council/"),
            (
                "Kết quả tổng hợp của một cơ quan",
                f"/appraisals/campaigns/{campaign_id}/council/{cycle.assessment('SCT').pk}/",
            ),
        ],
    )
    coordinator = axe_people.signed_in(cycle.coordinator.username, PASSWORD)
    tally = f"/appraisals/campaigns/{campaign_id}/council/tally/"
    found += audit_pages(coordinator, steps, [("Ý kiến Hội đồng và chốt kết quả", tally)])
    assert_no_serious_violation(found, steps.folder)


def test_the_coordinators_administration_pages_have_no_serious_accessibility_violation(
    axe_people, steps
):
    cycle = build_cycle()
    campaign_id = cycle.campaign.pk
    framework_id = cycle.campaign.frameworks.get().pk
    coordinator = cycle.coordinator
    running_job(coordinator, progress=40, campaign_id=campaign_id)
    finished_job(None)
    failed_job(None, error="ConnectionError('Cổng dữ liệu không phản hồi')")
    steps.allowed_data = ("ConnectionError",)
    page = axe_people.signed_in(coordinator.username, PASSWORD)
    found = audit_pages(
        page,
        steps,
        [
            ("Tài khoản", "/accounts/"),
            ("Tạo tài khoản", "/accounts/new/"),
            ("Sửa tài khoản", f"/accounts/{cycle.staff['SCT'].pk}/edit/"),
            ("Nhập tài khoản từ Excel", "/accounts/import/"),
            ("Nhập danh sách cơ quan", "/agencies/import/"),
            ("Nhập bộ chỉ số", "/frameworks/import/"),
            (
                "Nhập phân công thẩm định",
                f"/appraisals/frameworks/{framework_id}/assignments/import/",
            ),
            ("Ứng dụng kết nối API", "/api-clients/"),
            ("Tạo ứng dụng kết nối API", "/api-clients/new/"),
            ("Cài đặt xác thực hai lớp", "/accounts/two-factor/"),
            ("Sửa thời hạn", f"/campaigns/{campaign_id}/deadlines/"),
            (
                "Gia hạn cho một cơ quan",
                f"/campaigns/{campaign_id}/assessments/{cycle.assessment('SCT').pk}/extension/",
            ),
            ("Tác vụ chạy nền", "/jobs/"),
        ],
    )
    with steps.step(page, "Tạo tài khoản: lỗi khi gửi biểu mẫu trống"):
        page.goto("/accounts/new/")
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        expect(page.locator("main .field__error").first).to_be_visible()
    found += audit(page, "Tạo tài khoản có lỗi")
    with steps.step(page, "Trình đơn Quản trị mở bằng bàn phím"):
        page.goto("/jobs/")
        page.locator(".site-menu summary").focus()
        page.keyboard.press("Enter")
        expect(page.locator(".site-menu__list")).to_be_visible()
    found += audit(page, "Trình đơn Quản trị đang mở")
    assert steps.untranslated == [], "\n".join(steps.untranslated)
    assert_no_serious_violation(found, steps.folder)


def test_the_pages_of_a_finalised_campaign_have_no_serious_accessibility_violation(
    axe_people, steps
):
    cycle = finalised_cycle()
    campaign_id = cycle.campaign.pk
    page = axe_people.signed_in(cycle.coordinator.username, PASSWORD)
    found = audit_pages(
        page,
        steps,
        [
            ("Báo cáo", f"/results/campaigns/{campaign_id}/reports/"),
            ("Quy đổi điểm Chỉ số cải cách hành chính", f"/results/campaigns/{campaign_id}/par/"),
            ("Đề xuất khen thưởng", f"/results/campaigns/{campaign_id}/awards/"),
        ],
    )
    with steps.step(page, "Lập sổ kết quả: trang theo dõi tác vụ"):
        page.goto(f"/results/campaigns/{campaign_id}/reports/")
        with page.expect_navigation():
            page.click("main form[action$='/reports/workbook'] button")
        expect(page.locator("main [data-job=done]")).to_be_visible()
    found += audit(page, "Trang tác vụ đã xong")
    assert steps.untranslated == [], "\n".join(steps.untranslated)
    assert_no_serious_violation(found, steps.folder)
