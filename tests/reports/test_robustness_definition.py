"""A rank marked as not robust means one thing everywhere: in fewer than 90 % of the seeded draws
of group weights (``SENSITIVITY_DRAWS`` draws within ±``SENSITIVITY_SPREAD``) the agency stays
within one place of its rank. The portal, the workbook, the Word report and the PDF scorecard
all say so with the numbers ``freeze_results`` used, and ``freeze_results`` stores exactly the
intervals the engine computes with them."""

import io

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from dti.reports.results_report import results_report
from dti.reports.results_workbook import results_workbook
from dti.reports.scorecard import agency_scorecard
from dti.reports.selectors import campaign_report
from dti.results import services
from dti.results.models import Result
from dti.scoring.sensitivity import GroupResult, rank_intervals
from tests.reports.helpers import finalised_cycle
from tests.results.portal_helpers import tied_cycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_rule(monkeypatch):
    """Rank intervals from 400 draws within ±25 %: every text must follow."""
    monkeypatch.setattr(services, "SENSITIVITY_DRAWS", 400)
    monkeypatch.setattr(services, "SENSITIVITY_SPREAD", 0.25)


def not_robust(campaign) -> None:
    Result.objects.filter(assessment__campaign=campaign).update(
        rank_robust=False, rank_low=1, rank_high=2
    )


def test_the_word_report_footnote_states_the_rule_of_the_draws(other_rule):
    cycle = finalised_cycle()
    not_robust(cycle.campaign)
    document = Document(io.BytesIO(results_report(campaign_report(cycle.campaign))))
    (footnote,) = [item.text for item in document.paragraphs if item.text.startswith("(*)")]
    assert "ít nhất 90% của 400 lần thay đổi ngẫu nhiên trọng số" in footnote
    assert "trong khoảng ±25%" in footnote
    assert "không quá 1 bậc" in footnote
    assert "bỏ bớt một nhóm" not in footnote  # leaving a group out does not decide the mark


def test_the_pdf_scorecard_states_the_spread_and_the_rule(other_rule):
    cycle = finalised_cycle()
    not_robust(cycle.campaign)
    content = agency_scorecard(Result.objects.get(assessment__agency__code="SCT"))
    reader = PdfReader(io.BytesIO(content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "hạng 1–2 khi trọng số các nhóm thay đổi ±25%" in text
    assert "ít nhất 90% của 400 lần thay đổi ngẫu nhiên trọng số" in text
    assert "±20%" not in text


def test_the_workbook_headings_and_notes_use_the_same_numbers(other_rule):
    cycle = finalised_cycle()
    workbook = load_workbook(io.BytesIO(results_workbook(campaign_report(cycle.campaign))))
    headings = [cell.value for cell in workbook["Tổng hợp"][2]]
    assert "Hạng cao nhất (trọng số nhóm ±25%)" in headings
    assert "Hạng thấp nhất (trọng số nhóm ±25%)" in headings
    notes = dict(workbook["Ghi chú"].iter_rows(min_row=2, values_only=True))
    assert "ít nhất 90% của 400 lần thay đổi ngẫu nhiên trọng số" in notes["Xếp hạng ổn định"]
    assert "đồng hạng và liệt kê theo thứ tự mã cơ quan" in notes["Xếp hạng"]


def test_the_portal_footnote_uses_the_same_numbers(client, other_rule):
    cycle = tied_cycle()
    not_robust(cycle.campaign)
    content = client.get(
        reverse("portal:ranking", args=[cycle.campaign.pk, "department"])
    ).content.decode()
    assert "ít nhất 90 % của 400 lần lấy ngẫu nhiên trọng số nhóm" in content
    assert "Khoảng thứ hạng (trọng số ±25 %)" in content
    assert "±20" not in content


def stored_intervals(campaign) -> dict:
    return {
        result.assessment_id: (
            result.rank_low,
            result.rank_high,
            result.leave_one_out_low,
            result.leave_one_out_high,
            result.rank_robust,
        )
        for result in Result.objects.filter(assessment__campaign=campaign)
    }


def engine_intervals(campaign, draws: int, spread: float) -> dict:
    intervals = rank_intervals(
        {
            result.assessment_id: {
                code: GroupResult(float(group["points"]), float(group["max_points"]))
                for code, group in result.groups.items()
            }
            for result in Result.objects.filter(assessment__campaign=campaign)
        },
        draws=draws,
        spread=spread,
        seed=services.SENSITIVITY_SEED,
    )
    return {
        key: (item.low, item.high, item.leave_one_out_low, item.leave_one_out_high, item.robust)
        for key, item in intervals.items()
    }


def test_freeze_results_stores_the_intervals_of_the_configured_draws_and_spread():
    campaign = tied_cycle().campaign
    assert stored_intervals(campaign) == engine_intervals(
        campaign, services.SENSITIVITY_DRAWS, services.SENSITIVITY_SPREAD
    )


def test_with_no_spread_the_tied_agencies_keep_their_shared_rank_in_every_draw(monkeypatch):
    # SCT and SYT tie at 0.7500 only with equal weights: any spread moves one of them to 2nd.
    monkeypatch.setattr(services, "SENSITIVITY_SPREAD", 0.0)
    campaign = tied_cycle().campaign
    stored = stored_intervals(campaign)
    assert stored == engine_intervals(campaign, services.SENSITIVITY_DRAWS, 0.0)
    assert {interval[:2] for interval in stored.values()} == {(1, 1)}
    assert engine_intervals(campaign, services.SENSITIVITY_DRAWS, 0.2) != stored
