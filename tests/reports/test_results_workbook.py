"""The results workbook read back with openpyxl: the ranking, a sheet per group and the
indicator detail with the appraisers' reasons, as numbers with number formats, and the notes
with the corrections made after finalisation."""

import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from dti.campaigns.models import Phase
from dti.reports.results_workbook import results_workbook
from dti.reports.selectors import campaign_report
from dti.results.services import reopen_campaign
from tests.reports.helpers import SCT_REASON, finalised_cycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def workbook():
    cycle = finalised_cycle()
    return load_workbook(io.BytesIO(results_workbook(campaign_report(cycle.campaign))))


def rows_by_code(sheet, code_column: int) -> dict[str, tuple]:
    """Data rows (below the title and the headings) keyed by agency code."""
    return {row[code_column]: row for row in sheet.iter_rows(min_row=3, values_only=True)}


def test_the_workbook_has_the_summary_one_sheet_per_group_and_the_detail(workbook):
    assert workbook.sheetnames == ["Tổng hợp", "Nhóm 1", "Nhóm 2", "Chi tiết chỉ số", "Ghi chú"]


def test_the_summary_ranks_the_agencies_with_their_dti_values(workbook):
    summary = workbook["Tổng hợp"]
    headings = [cell.value for cell in summary[2]]
    rows = rows_by_code(summary, headings.index("Mã cơ quan"))
    sct = dict(zip(headings, rows["SCT"], strict=True))
    assert sct["Xếp hạng"] == 2
    assert sct["Cơ quan"] == "Sở Công Thương"
    assert Decimal(str(sct["Chỉ số DTI thẩm định"])) == Decimal("0.7083")
    assert Decimal(str(sct["Chỉ số DTI tự đánh giá"])) == Decimal("0.7917")
    assert (sct["Điểm thẩm định"], sct["Điểm tối đa"]) == (42.5, 60)
    syt = dict(zip(headings, rows["SYT"], strict=True))
    assert (syt["Xếp hạng"], syt["Chỉ số DTI thẩm định"], syt["Điểm tối đa"]) == (1, 0.9375, 40)
    assert list(rows) == ["SYT", "SCT"]  # by rank


def test_numbers_are_numbers_with_formats_and_headings_are_bold_and_frozen(workbook):
    summary = workbook["Tổng hợp"]
    headings = [cell.value for cell in summary[2]]
    dti_cell = summary.cell(row=3, column=headings.index("Chỉ số DTI thẩm định") + 1)
    points_cell = summary.cell(row=3, column=headings.index("Điểm thẩm định") + 1)
    assert isinstance(dti_cell.value, float)
    assert dti_cell.number_format == "0.0000"
    assert points_cell.number_format == "#,##0.00"
    assert all(cell.font.bold for cell in summary[2])
    assert summary.freeze_panes == "E3"
    assert summary.column_dimensions["D"].width >= 30


def test_each_group_sheet_gives_the_points_and_the_rank_in_the_group(workbook):
    group = workbook["Nhóm 1"]
    assert "Nhận thức số" in group["A1"].value
    headings = [cell.value for cell in group[2]]
    rows = rows_by_code(group, headings.index("Mã cơ quan"))
    sct = dict(zip(headings, rows["SCT"], strict=True))
    # SCT's group 1: 15 + 7.5 = 22.5 / 30 appraised, 27.5 self-assessed; SYT has 27.5 / 30.
    assert (sct["Điểm tự đánh giá"], sct["Điểm thẩm định"], sct["Điểm tối đa"]) == (27.5, 22.5, 30)
    assert sct["Hạng trong nhóm"] == 2
    assert sct["Tỷ lệ đạt"] == pytest.approx(0.75)
    assert group.cell(row=3, column=headings.index("Tỷ lệ đạt") + 1).number_format == "0.0%"


def test_the_indicator_detail_shows_the_adjustment_with_its_reason(workbook):
    detail = workbook["Chi tiết chỉ số"]
    headings = [cell.value for cell in detail[2]]
    rows = [
        dict(zip(headings, row, strict=True))
        for row in detail.iter_rows(min_row=3, values_only=True)
    ]
    assert len(rows) == 7  # 4 indicators of SCT, 3 of SYT (2.2 does not apply to SYT)
    adjusted = next(row for row in rows if (row["Mã cơ quan"], row["Mã chỉ số"]) == ("SCT", "1.1"))
    assert (adjusted["Điểm tự đánh giá"], adjusted["Điểm thẩm định"]) == (20, 15)
    assert (adjusted["Điểm tối đa"], adjusted["Chênh lệch"]) == (20, -5)
    assert adjusted["Kết quả thẩm định"] == "Điều chỉnh"
    assert adjusted["Vòng"] == 1
    assert adjusted["Lý do của đơn vị thẩm định"] == SCT_REASON
    assert adjusted["Chỉ số"] == "Số cuộc họp của Ban chỉ đạo"
    accepted = next(row for row in rows if (row["Mã cơ quan"], row["Mã chỉ số"]) == ("SYT", "1.2"))
    assert accepted["Kết quả thẩm định"] == "Chấp nhận"
    assert not accepted["Lý do của đơn vị thẩm định"]


def test_the_notes_list_each_correction_after_finalisation_with_its_date_and_reason():
    cycle = finalised_cycle()
    reasons = ["Sửa điểm chỉ số 1.2 của Sở Y tế theo biên bản bổ sung", "=Bổ sung minh chứng"]
    for reason in reasons:
        reopen_campaign(cycle.campaign, reason, cycle.coordinator)
        cycle.move(Phase.FINALIZED)
    content = results_workbook(campaign_report(cycle.campaign))
    notes = load_workbook(io.BytesIO(content))["Ghi chú"]
    rows = [row for row in notes.iter_rows(values_only=True) if any(row)]
    start = rows.index(("Điều chỉnh sau khi hoàn thành kết quả", None))
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert rows[start + 1 :] == [(f"Ngày {today}", reason) for reason in reasons]
    # A reason that looks like a formula stays the coordinator's text.
    assert notes.cell(row=notes.max_row, column=2).data_type == "s"


def test_without_corrections_the_notes_only_define_the_ranks(workbook):
    terms = [row[0] for row in workbook["Ghi chú"].iter_rows(values_only=True)]
    assert terms == ["Ghi chú về xếp hạng", "Xếp hạng", "Xếp hạng ổn định", "Khoảng hạng"]
