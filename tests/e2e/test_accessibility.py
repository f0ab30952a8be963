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

from .axe import Violation, assert_no_serious_violation, audit
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
