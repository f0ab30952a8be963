"""The results workbook (.xlsx): the summary ranking, one sheet per group, every indicator's
self-assessed against appraised points with the appraisers' reasons, and notes that define the
ranks, their ties and their robustness and list the corrections made after finalisation.

Every data sheet has a title in row 1 and its column headings in row 2 (bold, frozen); numbers
are written as numbers with a number format, so they can be sorted and summed in Excel.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, NamedStyle
from openpyxl.utils import get_column_letter

from dti.campaigns.models import Reopening
from dti.core.spreadsheets import streamed_text, streamed_workbook_bytes
from dti.core.xlsx_rows import RowStream
from dti.results.models import Result

from .selectors import CampaignReport, GroupInfo, TierReport, group_share
from .vietnamese import (
    CORRECTIONS_TITLE,
    DECISIONS,
    NO,
    STATUSES,
    TIE_RULE,
    TIER_SHORT_NAMES,
    YES,
    correction_date,
    number,
    rank_range_definition,
    robustness_definition,
    tier_name,
    weight_spread,
)

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SUMMARY_SHEET = "Tổng hợp"
DETAIL_SHEET = "Chi tiết chỉ số"
NOTES_SHEET = "Ghi chú"

POINTS = "#,##0.00"
DTI = "0.0000"
SHARE = "0.0%"
WHOLE = "0"
TEXT = None
WRAPPED = "wrapped"  # long text: wrapped in a wide column


@dataclass(frozen=True)
class Column:
    heading: str
    width: int
    number_format: str | None = TEXT


def _number(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _robustness(result: Result) -> str:
    if result.rank_robust is None:
        return ""
    return YES if result.rank_robust else NO


def summary_columns() -> list[Column]:
    """The columns of the summary sheet; the spread of the group weights is the one the rank
    intervals were computed with."""
    spread = weight_spread()
    return [
        Column("Khối", 18),
        Column("Xếp hạng", 10, WHOLE),
        Column("Mã cơ quan", 14),
        Column("Cơ quan", 40),
        Column("Chỉ số DTI tự đánh giá", 14, DTI),
        Column("Chỉ số DTI thẩm định", 14, DTI),
        Column("Điểm tự đánh giá", 12, POINTS),
        Column("Điểm tối đa (tự đánh giá)", 12, POINTS),
        Column("Điểm thẩm định", 12, POINTS),
        Column("Điểm tối đa", 12, POINTS),
        Column(f"Hạng cao nhất (trọng số nhóm {spread})", 14, WHOLE),
        Column(f"Hạng thấp nhất (trọng số nhóm {spread})", 14, WHOLE),
        Column("Hạng cao nhất (bỏ từng nhóm)", 14, WHOLE),
        Column("Hạng thấp nhất (bỏ từng nhóm)", 14, WHOLE),
        Column("Xếp hạng ổn định (xem Ghi chú)", 12),
    ]


def _summary_row(tier: TierReport, result: Result) -> list[Any]:
    agency = result.assessment.agency
    return [
        tier_name(tier.tier),
        result.rank,
        agency.code,
        agency.name,
        result.self_dti_value,
        result.dti_value,
        result.self_points,
        result.self_max_points,
        result.points,
        result.max_points,
        result.rank_low,
        result.rank_high,
        result.leave_one_out_low,
        result.leave_one_out_high,
        _robustness(result),
    ]


GROUP_COLUMNS = [
    Column("Hạng trong nhóm", 10, WHOLE),
    Column("Mã cơ quan", 14),
    Column("Cơ quan", 40),
    Column("Điểm tự đánh giá", 12, POINTS),
    Column("Điểm tối đa (tự đánh giá)", 12, POINTS),
    Column("Điểm thẩm định", 12, POINTS),
    Column("Điểm tối đa", 12, POINTS),
    Column("Tỷ lệ đạt", 10, SHARE),
    Column("Xếp hạng chung", 10, WHOLE),
]


def _group_row(group: GroupInfo, result: Result) -> list[Any]:
    agency = result.assessment.agency
    points = result.groups.get(group.code, {})
    return [
        result.group_ranks.get(group.code),
        agency.code,
        agency.name,
        _number(points.get("self_points")),
        _number(points.get("self_max_points")),
        _number(points.get("points")),
        _number(points.get("max_points")),
        group_share(result, group.code),
        result.rank,
    ]


DETAIL_COLUMNS = [
    Column("Khối", 18),
    Column("Mã cơ quan", 14),
    Column("Cơ quan", 32),
    Column("Nhóm", 8),
    Column("Mã chỉ số", 10),
    Column("Chỉ số", 50, WRAPPED),
    Column("Điểm tự đánh giá", 12, POINTS),
    Column("Điểm thẩm định", 12, POINTS),
    Column("Điểm tối đa", 12, POINTS),
    Column("Chênh lệch", 12, POINTS),
    Column("Tình trạng", 14),
    Column("Kết quả thẩm định", 14),
    Column("Vòng", 8, WHOLE),
    Column("Lý do của đơn vị thẩm định", 60, WRAPPED),
]


def _detail_rows(tier: TierReport, result: Result) -> list[list[Any]]:
    agency = result.assessment.agency
    order = {item.code: index for index, item in enumerate(tier.indicators)}
    codes = sorted(result.indicators, key=lambda code: (order.get(code, len(order)), code))
    rows = []
    for code in codes:
        item = result.indicators[code]
        self_points, points = _number(item["self_points"]), _number(item["points"])
        rows.append(
            [
                tier_name(tier.tier),
                agency.code,
                agency.name,
                item["group"],
                code,
                tier.indicator_name(code),
                self_points,
                points,
                _number(item["max_points"]),
                points - self_points,
                STATUSES.get(item["status"], item["status"]),
                DECISIONS.get(item["decision"], item["decision"]),
                item["round"],
                item["reason"],
            ]
        )
    return rows


class _ColumnStyles:
    """Turns a row of values into cells styled for their column, each column's look being a
    named style registered once in the workbook ("DTI #,##0.00", …). Only a sheet's first data
    row is written this way: ``RowStream`` repeats its cell styles for the other rows."""

    def __init__(self, sheet, columns: list[Column]):
        self.sheet = sheet
        self.style_names = [_named_style(sheet.parent, column) for column in columns]

    def row(self, values: list[Any]) -> list[Any]:
        cells = []
        for style_name, value in zip(self.style_names, values, strict=True):
            if style_name is None:
                cells.append(streamed_text(self.sheet, value))
                continue
            cell = WriteOnlyCell(self.sheet, value=value)
            cell.style = style_name  # also on an empty cell, so the style reaches every row
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # typed text, never a formula
            cells.append(cell)
        return cells


def _named_style(workbook: Workbook, column: Column) -> str | None:
    """The name of the workbook's style for ``column``, registered on first use."""
    if column.number_format is TEXT:
        return None
    name = f"DTI {column.number_format}"
    if name not in workbook.named_styles:
        style = NamedStyle(name=name)
        if column.number_format == WRAPPED:
            style.alignment = Alignment(wrap_text=True, vertical="top")
        else:
            style.number_format = column.number_format
        workbook.add_named_style(style)
    return name


def _write_sheet(
    sheet,
    stream: RowStream,
    title: str,
    columns: list[Column],
    rows: list[list],
    frozen_columns: int,
) -> None:
    """Title, bold headings, rows; the headings and the first ``frozen_columns`` (which name
    the agency) stay in view while scrolling. ``sheet`` is a write-only sheet: its layout is
    set before the rows are streamed out."""
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = f"{get_column_letter(frozen_columns + 1)}3"
    if rows:
        sheet.auto_filter.ref = f"A2:{get_column_letter(len(columns))}{len(rows) + 2}"
    heading = WriteOnlyCell(sheet, value=title)
    heading.font = Font(bold=True, size=13)
    sheet.append([heading])
    bold, wrapped = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    headings = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.heading)
        cell.font, cell.alignment = bold, wrapped
        headings.append(cell)
    sheet.append(headings)
    if rows:
        sheet.append(_ColumnStyles(sheet, columns).row(rows[0]))
        stream.rest_of(sheet, rows[1:])


def _group_sheet_name(tier: TierReport, group: GroupInfo, several_tiers: bool) -> str:
    name = f"Nhóm {group.code}"
    if several_tiers:
        name = f"{name} ({TIER_SHORT_NAMES.get(tier.tier, tier.tier)})"
    return name[:31]


def _by_group_rank(group: GroupInfo) -> Callable[[Result], tuple]:
    def key(result: Result) -> tuple:
        rank = result.group_ranks.get(group.code)
        return (rank is None, rank or 0, result.assessment.agency.code)

    return key


def _write_notes(sheet, reopenings: list[Reopening]) -> None:
    """How the ranks, their ties and their robustness are defined; then, when the campaign was
    reopened after finalisation, the date and reason of each correction."""
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 100
    wrapped = Alignment(wrap_text=True, vertical="top")

    def heading(title: str) -> None:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True, size=13)
        sheet.append([cell])

    def note(term: str, meaning: str) -> None:
        cells = [WriteOnlyCell(sheet, value=term), WriteOnlyCell(sheet, value=meaning)]
        cells[1].data_type = "s"  # a reason is the coordinator's text: never a formula
        cells[0].font = Font(bold=True)
        for cell in cells:
            cell.alignment = wrapped
        sheet.append(cells)

    heading("Ghi chú về xếp hạng")
    note("Xếp hạng", TIE_RULE)
    note("Xếp hạng ổn định", robustness_definition())
    note("Khoảng hạng", rank_range_definition())
    if reopenings:
        sheet.append([])
        heading(CORRECTIONS_TITLE)
        for reopening in reopenings:
            note(f"Ngày {correction_date(reopening)}", reopening.reason)


def results_workbook(report: CampaignReport) -> bytes:
    """The workbook of the campaign's frozen results, as the bytes of an .xlsx file."""
    campaign = report.campaign
    workbook = Workbook(write_only=True)
    stream = RowStream()
    _write_sheet(
        workbook.create_sheet(SUMMARY_SHEET),
        stream,
        f"Kết quả xác định Chỉ số chuyển đổi số năm {campaign.year} — {campaign.title}",
        summary_columns(),
        [_summary_row(tier, result) for tier in report.tiers for result in tier.results],
        frozen_columns=4,
    )
    several_tiers = len(report.tiers) > 1
    for tier in report.tiers:
        for group in tier.groups:
            _write_sheet(
                workbook.create_sheet(_group_sheet_name(tier, group, several_tiers)),
                stream,
                f"{tier_name(tier.tier)} — nhóm {group.label} "
                f"(tối đa {number(group.max_points)} điểm)",
                GROUP_COLUMNS,
                [
                    _group_row(group, result)
                    for result in sorted(tier.results, key=_by_group_rank(group))
                ],
                frozen_columns=3,
            )
    _write_sheet(
        workbook.create_sheet(DETAIL_SHEET),
        stream,
        "Điểm từng chỉ số: tự đánh giá và thẩm định",
        DETAIL_COLUMNS,
        [
            row
            for tier in report.tiers
            for result in sorted(tier.results, key=lambda item: item.assessment.agency.code)
            for row in _detail_rows(tier, result)
        ],
        frozen_columns=3,
    )
    _write_notes(workbook.create_sheet(NOTES_SHEET), report.reopenings)
    return stream.finish(streamed_workbook_bytes(workbook))
