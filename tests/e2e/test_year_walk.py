"""A whole DTI year in a real browser, as the people who do it: the coordinator opens the
campaign; agency staff fill three indicators (one by keyboard only, one through the Excel form)
with evidence and the leader submits; the appraiser adjusts one indicator with a reason and
accepts the rest; results go out; the agency explains with new evidence; round 2; two council
members give their opinions; the coordinator finalises and publishes; a visitor finds the agency
in the public ranking with the DTI value the engine computes.

Every step leaves a screenshot (see steps.py for the folder); every page is audited with
axe-core, every Vietnamese page is checked for English interface words, and every page for a
horizontal scroll bar at its width.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from dti.appraisals.models import Appraisal, Decision
from dti.campaigns.models import PHASE_ORDER, Campaign, Phase
from dti.core.formatting import format_number
from dti.results.models import Result
from tests.assessments.evidence_helpers import MINIMAL_PDF
from tests.assessments.excel_form_helpers import set_value

from .axe import assert_no_serious_violation, audit
from .browser import expect
from .keyboard import press_tab_until
from .people import PHONE, People
from .steps import Steps
from .year import Year, other_agency_submits, prepare_year

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Keeps a form's page on screen after its button is pressed, as while a slow server checks an
# upload: cancels the submission once the page's own submit handlers have run.
HOLD_SUBMISSION = "(form) => form.addEventListener('submit', (event) => event.preventDefault())"
SEND_HELD_FORM = "(form) => form.submit()"


@dataclass
class Walk:
    """What the steps of the walk share: the people, the screenshots and the campaign."""

    people: People
    steps: Steps
    year: Year
    campaign_id: int = 0

    def campaign(self) -> Campaign:
        return Campaign.objects.get(pk=self.campaign_id)


def navigate(page, selector: str) -> None:
    """Click a link, or a button that posts a form, and wait until the page it leads to is
    loaded, scripts included (typing before the live-points script runs would go unseen)."""
    with page.expect_navigation():
        page.click(selector)


def expect_success(page) -> None:
    expect(page.locator("main .message--success")).to_be_visible()


def attach_pdf(page, file_name: str, title: str) -> None:
    page.set_input_files(
        "#evidence-file",
        files=[{"name": file_name, "mimeType": "application/pdf", "buffer": MINIMAL_PDF}],
    )
    page.fill("#evidence-title", title)
    navigate(page, "main .evidence-form button[type=submit]")
    expect_success(page)
    expect(page.locator("main .evidence-list")).to_contain_text(title)


def deadline_dates() -> dict[str, str]:
    """One deadline a day from tomorrow on, typed as a Vietnamese civil servant does."""
    today = timezone.localdate()
    return {
        phase: (today + datetime.timedelta(days=index + 1)).strftime("%d/%m/%Y")
        for index, phase in enumerate(PHASE_ORDER)
    }


def move_phase(walk: Walk, page, to_phase: str, title: str) -> None:
    with walk.steps.step(page, title):
        page.goto(f"/campaigns/{walk.campaign_id}/")
        navigate(page, f"main form[action='/campaigns/{walk.campaign_id}/phase'] button")
        expect_success(page)
        expect(page.locator("main .phases__item--current")).to_have_count(1)
    assert walk.campaign().phase == to_phase


def test_a_dti_year_from_the_new_campaign_to_the_public_ranking(axe_people, steps, tmp_path):
    steps.audit = audit
    walk = Walk(people=axe_people, steps=steps, year=prepare_year())
    coordinator = walk.year.sign_in_as(walk.people, "coordinator")
    open_the_campaign(walk, coordinator)
    self_assessment(walk, tmp_path)
    other_agency_submits(walk.year)  # through the services: the browser follows one agency
    move_phase(walk, coordinator, Phase.APPRAISAL_1, "Điều phối mở thẩm định vòng 1")
    appraisal_round_one(walk)
    move_phase(walk, coordinator, Phase.RESULTS_SENT, "Điều phối gửi kết quả thẩm định vòng 1")
    move_phase(walk, coordinator, Phase.EXPLANATION, "Điều phối mở giai đoạn giải trình")
    explanation(walk)
    move_phase(walk, coordinator, Phase.APPRAISAL_2, "Điều phối mở thẩm định vòng 2")
    appraisal_round_two(walk)
    move_phase(walk, coordinator, Phase.COUNCIL, "Điều phối xin ý kiến Hội đồng")
    council_opinions(walk)
    finalise_and_publish(walk, coordinator)
    public_ranking(walk)

    assert steps.untranslated == [], "English on Vietnamese pages:\n" + "\n".join(
        steps.untranslated
    )
    assert steps.overflowing == [], "Pages wider than the window:\n" + "\n".join(steps.overflowing)
    assert_no_serious_violation(steps.findings, steps.folder)


def open_the_campaign(walk: Walk, page) -> None:
    with walk.steps.step(page, "Điều phối đăng nhập: danh sách đợt đánh giá"):
        expect(page.locator("main h1")).to_be_visible()
    with walk.steps.step(page, "Điều phối điền đợt đánh giá mới (hạn dd/mm/yyyy)"):
        page.goto("/campaigns/new/")
        page.fill("#id_title", "Đánh giá DTI năm 2026")
        page.fill("#id_plan_reference", "Kế hoạch 123/KH-UBND")
        page.select_option("#id_framework_department", str(walk.year.framework.pk))
        for phase, date in deadline_dates().items():
            page.fill(f"#id_deadline_{phase}", date)
    with walk.steps.step(page, "Điều phối tạo đợt đánh giá: các giai đoạn và thời hạn"):
        navigate(page, "main form button[type=submit]")
        expect_success(page)
        dates = page.locator("main .phases__date").all_inner_texts()
        assert dates == list(deadline_dates().values())
    walk.campaign_id = Campaign.objects.get().pk
    assert walk.campaign().assessments.count() == 2
    move_phase(walk, page, Phase.SELF_ASSESSMENT, "Điều phối mở giai đoạn tự đánh giá")


def self_assessment(walk: Walk, tmp_path) -> None:
    steps, assessment = walk.steps, walk.year.assessment()
    overview = f"/assessments/{assessment.pk}/"
    staff = walk.year.sign_in_as(walk.people, "staff")
    with steps.step(staff, "Cán bộ đăng nhập: tổng quan tự đánh giá"):
        assert staff.url.endswith(overview)
    with steps.step(staff, "Cán bộ chuyển giao diện sang tiếng Anh"):
        navigate(staff, "button[name=language][value=en]")
        expect(staff.locator("html")).to_have_attribute("lang", "en")
        expect(staff.locator("main .summary")).to_contain_text("Self-assessed points")
    with steps.step(staff, "Cán bộ chuyển lại tiếng Việt"):
        navigate(staff, "button[name=language][value=vi]")
        expect(staff.locator("main .summary")).to_contain_text("Điểm tự đánh giá")

    # 1.1 with the keyboard only: from the overview to the form, type, Enter saves.
    with steps.step(staff, "Chỉ số 1.1 chỉ bằng bàn phím: Tab, gõ số, Enter"):
        press_tab_until(staff, f"main a[href='{overview}indicators/1.1/']")
        with staff.expect_navigation():
            staff.keyboard.press("Enter")
        press_tab_until(staff, "#id_meetings")
        staff.keyboard.type("4")
        expect(staff.locator("[data-score=points]")).to_have_text("20")
        with staff.expect_navigation():
            staff.keyboard.press("Enter")
        expect_success(staff)
        expect(staff.locator("#id_meetings")).to_have_value("4")
    with steps.step(staff, "Chỉ số 1.1: đính kèm biên bản họp (PDF)"):
        attach_pdf(staff, "bien-ban-hop-ban-chi-dao.pdf", "Biên bản họp Ban chỉ đạo")

    # 1.2 with the mouse: a wrong value shows its error beside the field, then the points.
    staff.goto(f"{overview}indicators/1.2/")
    with steps.step(staff, "Chỉ số 1.2: lỗi hiện ngay cạnh ô nhập"):
        staff.fill("#id_chaired", "5")
        staff.fill("#id_total", "4")
        expect(staff.locator("[data-field=chaired] .field__error")).to_be_visible()
    with steps.step(staff, "Chỉ số 1.2: điểm tính ngay khi gõ (7,5)"):
        staff.fill("#id_chaired", "3")
        expect(staff.locator("[data-score=points]")).to_have_text("7,5")
        expect(staff.locator("[data-field=chaired] .field__error")).to_have_count(0)
        navigate(staff, "main button[name=then][value=stay]")
        expect_success(staff)
        attach_pdf(staff, "thong-ke-cuoc-hop.pdf", "Thống kê cuộc họp")

    phone = walk.year.sign_in_as(walk.people, "staff", viewport=PHONE)
    with steps.step(phone, "Biểu mẫu tự đánh giá trên điện thoại (390 px)"):
        phone.goto(f"{overview}indicators/1.2/")
        expect(phone.locator("#id_chaired")).to_have_value("3")

    # 2.1 through the Excel form: download, fill offline, upload, preview, confirm.
    with steps.step(staff, "Tải biểu mẫu Excel để điền ngoại tuyến"):
        staff.goto(overview)
        with staff.expect_download() as download:
            staff.click(f"main a[href='{overview}excel/']")
        assert download.value.suggested_filename.endswith(".xlsx")
    workbook_path = tmp_path / download.value.suggested_filename
    download.value.save_as(workbook_path)
    workbook = load_workbook(workbook_path)
    set_value(workbook, "2.1", "plan", "Có")
    set_value(workbook, "2.1", "drills", 2)
    set_value(workbook, "2.1", "incidents", 0)
    workbook.save(workbook_path)
    navigate(staff, f"main a[href='{overview}excel/upload/']")
    staff.set_input_files("#id_file", workbook_path)
    with steps.step(staff, "Tải lên biểu mẫu Excel: thanh tiến độ khi đang kiểm tra tệp"):
        upload_form = staff.locator("main form[data-busy]")
        upload_form.evaluate(HOLD_SUBMISSION)
        upload_form.locator("button[type=submit]").click()
        expect(upload_form.locator(".busy progress")).to_be_visible()
    with steps.step(staff, "Biểu mẫu Excel hợp lệ: xem trước thay đổi"):
        with staff.expect_navigation():
            upload_form.evaluate(SEND_HELD_FORM)
        expect(staff.locator("main .excel-changes")).to_contain_text("2.1")
    with steps.step(staff, "Xác nhận biểu mẫu Excel: chỉ số 2.1 được cập nhật"):
        navigate(staff, "main form.excel-confirm button[type=submit]")
        expect_success(staff)
    with steps.step(staff, "Chỉ số 2.1 (từ Excel): đính kèm phương án"):
        staff.goto(f"{overview}indicators/2.1/")
        expect(staff.locator("[data-score=points]")).to_have_text("10")
        attach_pdf(staff, "phuong-an-attt.pdf", "Phương án bảo đảm an toàn thông tin")
    with steps.step(staff, "Cán bộ báo đã sẵn sàng để lãnh đạo ký duyệt"):
        staff.goto(overview)
        navigate(staff, f"main form[action='{overview}ready'] button")
        expect_success(staff)

    leader = walk.year.sign_in_as(walk.people, "leader")
    with steps.step(leader, "Lãnh đạo xem lại và ký gửi bản tự đánh giá"):
        navigate(leader, f"main a[href='{overview}submit']")
        navigate(leader, "main form button[type=submit]")
        expect_success(leader)
    assessment.refresh_from_db()
    assert assessment.status == "submitted"
    assert assessment.self_points == Decimal("37.5")  # 20 + 7,5 + 10 of 40


def appraisal_item(walk: Walk, code: str, round_number: int) -> Appraisal:
    return Appraisal.objects.get(
        assessment__agency=walk.year.agency, response__indicator__code=code, round=round_number
    )


def appraisal_round_one(walk: Walk) -> None:
    steps, queue = walk.steps, f"/appraisals/campaigns/{walk.campaign_id}/queue/"
    appraiser = walk.year.sign_in_as(walk.people, "appraiser")
    with steps.step(appraiser, "Thẩm định viên: danh sách chỉ số cần thẩm định"):
        navigate(appraiser, f"main a[href='{queue}']")
        expect(appraiser.locator("main table tbody tr")).to_have_count(6)
    item = appraisal_item(walk, "1.1", 1)
    with steps.step(appraiser, "Thẩm định viên điều chỉnh chỉ số 1.1 kèm lý do"):
        navigate(appraiser, f"main a[href^='/appraisals/items/{item.pk}/']")
        appraiser.check("input[name=decision][value=adjusted]")
        appraiser.fill("#id_appraised-meetings", "2")
        expect(appraiser.locator("[data-score=points]")).to_have_text("10")
        appraiser.fill("#id_reason", "Chỉ có 2 biên bản họp hợp lệ trong năm.")
        navigate(appraiser, "main button[name=then][value=stay]")
        expect_success(appraiser)
    with steps.step(appraiser, "Thẩm định viên chấp nhận các chỉ số còn lại"):
        appraiser.goto(queue)
        navigate(appraiser, "main button[name=scope][value=page]")
        expect_success(appraiser)
    item.refresh_from_db()
    assert (item.decision, item.points) == (Decision.ADJUSTED, Decimal("10"))
    assert not Appraisal.objects.filter(decision=Decision.PENDING).exists()


def explanation(walk: Walk) -> None:
    steps, assessment = walk.steps, walk.year.assessment()
    results = f"/appraisals/assessments/{assessment.pk}/results/"
    staff = walk.year.sign_in_as(walk.people, "staff")
    with steps.step(staff, "Cán bộ xem kết quả thẩm định vòng 1"):
        navigate(staff, f"main a[href='{results}']")
        expect(staff.locator("main .results-table__adjusted")).to_have_count(1)
    with steps.step(staff, "Cán bộ giải trình chỉ số 1.1 và bổ sung tài liệu"):
        navigate(staff, f"main a[href='{results}1.1/explain/']")
        staff.fill(
            "#id_text", "Bổ sung biên bản cuộc họp thứ ba (tháng 10) bị sót khi tự đánh giá."
        )
        navigate(staff, "main button[name=then][value=stay]")
        expect_success(staff)
        attach_pdf(staff, "bien-ban-hop-thang-10.pdf", "Biên bản họp tháng 10")
    leader = walk.year.sign_in_as(walk.people, "leader")
    with steps.step(leader, "Lãnh đạo ký gửi giải trình"):
        leader.goto(results)
        navigate(leader, f"main a[href='{results}submit']")
        navigate(leader, "main form button[type=submit]")
        expect_success(leader)
    assessment.refresh_from_db()
    assert assessment.explanation_submitted_at is not None


def appraisal_round_two(walk: Walk) -> None:
    item = appraisal_item(walk, "1.1", 2)
    appraiser = walk.year.sign_in_as(walk.people, "appraiser")
    with walk.steps.step(appraiser, "Vòng 2: thẩm định viên chấp nhận một phần giải trình"):
        appraiser.goto(f"/appraisals/campaigns/{walk.campaign_id}/queue/")
        navigate(appraiser, f"main a[href^='/appraisals/items/{item.pk}/']")
        expect(appraiser.locator("main .appraisal-explanation")).to_be_visible()
        appraiser.check("input[name=decision][value=adjusted]")
        appraiser.fill("#id_appraised-meetings", "3")
        expect(appraiser.locator("[data-score=points]")).to_have_text("15")
        appraiser.fill("#id_reason", "Chấp nhận biên bản tháng 10: 3 cuộc họp.")
        navigate(appraiser, "main button[name=then][value=stay]")
        expect_success(appraiser)


def council_opinions(walk: Walk) -> None:
    council = f"/appraisals/campaigns/{walk.campaign_id}/council/"
    opinions = [
        ("council_1", "agree", ""),
        ("council_2", "agree_with_comments", "Đề nghị các sở lưu biên bản họp đầy đủ hơn."),
    ]
    for number, (who, verdict, comments) in enumerate(opinions, start=1):
        member = walk.year.sign_in_as(walk.people, who)
        with walk.steps.step(member, f"Thành viên Hội đồng {number} cho ý kiến"):
            navigate(member, f"main a[href='{council}']")
            member.check(f"input[name=verdict][value={verdict}]")
            if comments:
                member.fill("#id_comments", comments)
            navigate(member, "main .council-opinion button[type=submit]")
            expect_success(member)


def finalise_and_publish(walk: Walk, coordinator) -> None:
    steps, campaign_id = walk.steps, walk.campaign_id
    with steps.step(coordinator, "Điều phối xem tổng hợp ý kiến của hai thành viên Hội đồng"):
        coordinator.goto(f"/campaigns/{campaign_id}/")
        navigate(coordinator, f"main a[href='/appraisals/campaigns/{campaign_id}/council/tally/']")
        expect(coordinator.locator("main table tbody tr")).to_have_count(2)
        expect(coordinator.locator("main table tbody")).to_contain_text(
            "Đề nghị các sở lưu biên bản họp đầy đủ hơn."
        )
    with steps.step(coordinator, "Điều phối chốt kết quả"):
        navigate(coordinator, "main .council-finalise button[type=submit]")
        expect_success(coordinator)
    assert walk.campaign().phase == Phase.FINALIZED
    with steps.step(coordinator, "Điều phối lập sổ kết quả (thanh tiến độ)"):
        coordinator.goto(f"/results/campaigns/{campaign_id}/reports/")
        navigate(coordinator, "main form[action$='/reports/workbook'] button")
        expect(coordinator.locator("main progress[data-job=progress]")).to_be_visible()
        expect(coordinator.locator("main [data-job=done]")).to_be_visible(timeout=30_000)
    move_phase(walk, coordinator, Phase.PUBLISHED, "Điều phối công bố kết quả")


def public_ranking(walk: Walk) -> None:
    steps, campaign_id = walk.steps, walk.campaign_id
    result = Result.objects.get(assessment__agency=walk.year.agency)
    # By hand: 1.1 at 3 meetings = 15, 1.2 = 10 × 3/4 = 7,5, 2.1 = 6 + 4 = 10; 2.2 does not
    # apply to the agency, so the maximum is 40: 32,5 / 40 = 0,8125.
    assert (result.points, result.max_points, result.dti_value) == (
        Decimal("32.50"),
        40,
        Decimal("0.8125"),
    )
    shown_value = format_number(result.dti_value, places=4)
    visitor = walk.people.visitor()
    with steps.step(visitor, "Người dân mở trang kết quả công bố"):
        visitor.goto("/")
        navigate(visitor, "main a[href='/ket-qua/']")
        expect(visitor.locator("main .portal-campaign")).to_have_count(1)
    ranking = f"/ket-qua/{campaign_id}/department/"
    with steps.step(visitor, "Người dân tìm cơ quan không dấu: “giao duc dao tao”"):
        navigate(visitor, f"main a[href='{ranking}']")
        visitor.fill("#portal-q", "giao duc dao tao")
        navigate(visitor, "main .portal-search button[type=submit]")
        rows = visitor.locator("main .portal-ranking tbody tr")
        expect(rows).to_have_count(1)
        expect(rows.first).to_contain_text("Sở Giáo dục và Đào tạo")
        expect(rows.first.locator("td").nth(2)).to_have_text(shown_value)
        expect(visitor.locator("#robustness")).to_contain_text("1.000")  # draws, as vi writes it
    assert shown_value == "0,8125"
    with steps.step(visitor, "Chuyển giao diện sang tiếng Anh"):
        navigate(visitor, "button[name=language][value=en]")
        expect(visitor.locator("html")).to_have_attribute("lang", "en")
        expect(visitor.locator("label[for=portal-q]")).to_have_text("Find an agency")
        expect(visitor.locator("main .portal-ranking tbody tr td").nth(2)).to_have_text("0.8125")
    with steps.step(visitor, "Chuyển lại tiếng Việt"):
        navigate(visitor, "button[name=language][value=vi]")
        expect(visitor.locator("html")).to_have_attribute("lang", "vi")
    with steps.step(visitor, "Trang kết quả của Sở Giáo dục và Đào tạo"):
        navigate(visitor, f"main a[href='/ket-qua/{campaign_id}/agency/SGDDT/']")
        expect(visitor.locator("main .portal-summary__main .summary__value")).to_have_text(
            shown_value
        )
    phone = walk.people.visitor(viewport=PHONE)
    with steps.step(phone, "Bảng xếp hạng trên điện thoại (390 px)"):
        phone.goto(ranking)
        expect(phone.locator("main .portal-ranking tbody tr")).to_have_count(2)
