"""The main pages at a phone's width (390 px) and the menu on an office screen (1366 px).

At 390 px no page scrolls sideways as a whole: a table wider than the screen scrolls inside its
own box, which says so above the table and can be reached and scrolled with the keyboard. At
1366 px the coordinator's menu keeps to one line."""

from __future__ import annotations

import pytest

from dti.campaigns.models import Phase
from dti.jobs.models import Job
from tests.appraisals.cycle import build_cycle
from tests.factories import PASSWORD

from .browser import expect
from .keyboard import press_tab_until
from .people import PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCROLL_HINT = "Kéo bảng sang ngang để xem đủ các cột"


def visit(page, steps, pages: list[tuple[str, str]]) -> None:
    for title, address in pages:
        with steps.step(page, title):
            page.goto(address)


def test_the_main_pages_do_not_scroll_sideways_on_a_phone(people, steps):
    cycle = build_cycle()
    cycle.accept_all(1)
    cycle.move(Phase.PUBLISHED)
    campaign_id = cycle.campaign.pk
    assessment_id = cycle.assessment("SCT").pk
    Job.objects.create(kind="reminders", message="Đang tìm các bản tự đánh giá còn dự thảo")

    visit(
        people.visitor(viewport=PHONE),
        steps,
        [
            ("Điện thoại: trang chủ", "/"),
            ("Điện thoại: kết quả công bố", "/ket-qua/"),
            ("Điện thoại: bảng xếp hạng", f"/ket-qua/{campaign_id}/department/"),
            ("Điện thoại: kết quả một cơ quan", f"/ket-qua/{campaign_id}/agency/SCT/"),
        ],
    )
    visit(
        people.signed_in(cycle.staff["SCT"].username, PASSWORD, viewport=PHONE),
        steps,
        [
            ("Điện thoại: tổng quan tự đánh giá", f"/assessments/{assessment_id}/"),
            ("Điện thoại: một chỉ số", f"/assessments/{assessment_id}/indicators/1.2/"),
            ("Điện thoại: kết quả thẩm định", f"/appraisals/assessments/{assessment_id}/results/"),
        ],
    )
    visit(
        people.signed_in(cycle.appraiser_for("1.1").username, PASSWORD, viewport=PHONE),
        steps,
        [("Điện thoại: danh sách thẩm định", f"/appraisals/campaigns/{campaign_id}/queue/")],
    )
    coordinator = people.signed_in(cycle.coordinator.username, PASSWORD, viewport=PHONE)
    visit(
        coordinator,
        steps,
        [
            ("Điện thoại: các đợt đánh giá", "/campaigns/"),
            ("Điện thoại: một đợt đánh giá", f"/campaigns/{campaign_id}/"),
            ("Điện thoại: bảng theo dõi tiến độ", f"/campaigns/{campaign_id}/dashboard/"),
            ("Điện thoại: tài khoản", "/accounts/"),
            ("Điện thoại: tác vụ chạy nền", "/jobs/"),
        ],
    )
    with steps.step(coordinator, "Điện thoại: trình đơn Quản trị mở"):
        coordinator.click(".site-menu summary")
        expect(coordinator.locator(".site-menu__list")).to_be_visible()
    assert steps.overflowing == [], "Pages wider than the phone:\n" + "\n".join(steps.overflowing)
    assert steps.untranslated == [], "\n".join(steps.untranslated)


def test_the_phone_ranking_says_it_scrolls_and_scrolls_with_the_keyboard(people, steps):
    cycle = build_cycle()
    cycle.accept_all(1)
    cycle.move(Phase.PUBLISHED)
    phone = people.visitor(viewport=PHONE)
    phone.goto(f"/ket-qua/{cycle.campaign.pk}/department/")
    box = phone.locator("main .table-wrap").filter(has=phone.locator(".portal-ranking"))
    with steps.step(phone, "Điện thoại: bảng xếp hạng báo có thể kéo ngang"):
        expect(box).to_have_attribute("tabindex", "0")
        expect(box).to_have_attribute("role", "region")
        expect(box).to_have_attribute("aria-label", f"Xếp hạng: Sở, ban, ngành — {SCROLL_HINT}")
        hint = phone.locator("main .table-scroll-hint")
        expect(hint).to_have_text(SCROLL_HINT)
        expect(hint).to_be_visible()
    with steps.step(phone, "Điện thoại: Tab tới bảng, phím mũi tên kéo sang phải"):
        press_tab_until(phone, "main .table-wrap--scrolls")
        for _press in range(10):
            phone.keyboard.press("ArrowRight")
        expect(box).not_to_have_js_property("scrollLeft", 0)
    assert steps.overflowing == []

    desktop = people.visitor()
    desktop.goto(f"/ket-qua/{cycle.campaign.pk}/department/")
    wide = desktop.locator("main .table-wrap").filter(has=desktop.locator(".portal-ranking"))
    expect(wide).not_to_have_attribute("tabindex", "0")  # nothing to scroll: no extra stop
    expect(desktop.locator("main .table-scroll-hint")).to_have_count(0)


def test_the_coordinators_menu_keeps_to_one_line_on_an_office_screen(people, steps):
    cycle = build_cycle()
    page = people.signed_in(cycle.coordinator.username, PASSWORD)
    with steps.step(page, "Màn hình 1366 px: trình đơn điều phối trên một dòng"):
        page.goto("/campaigns/")
        tops = page.eval_on_selector_all(
            ".site-nav > ul > li", "(items) => items.map((item) => item.offsetTop)"
        )
        assert len(tops) >= 5
        assert len(set(tops)) == 1, tops
    with steps.step(page, "Trình đơn Quản trị: Tab, Enter mở, Escape đóng"):
        press_tab_until(page, ".site-menu summary")
        page.keyboard.press("Enter")
        expect(page.locator(".site-menu__list")).to_be_visible()
        page.keyboard.press("Tab")
        expect(page.locator(".site-menu__list a").first).to_be_focused()
        page.keyboard.press("Escape")
        expect(page.locator(".site-menu__list")).to_be_hidden()
        expect(page.locator(".site-menu summary")).to_be_focused()
    page.keyboard.press("Enter")
    with page.expect_navigation():
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
    assert page.url.endswith("/accounts/")
