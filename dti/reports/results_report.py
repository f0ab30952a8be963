"""The official results report (.docx), in Vietnamese, laid out like an administrative report of
the city's People's Committee: the heading block, the legal basis, per tier the ranking table and
a chart, the corrections made after finalisation, and the signature block.

The document is a draft for the office to edit and sign: plain paragraphs and tables, no locked
fields; the number, the date and the signer's name are left blank.
"""

from __future__ import annotations

import io

from django.utils import translation
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from . import charts
from .selectors import CampaignReport, TierReport
from .vietnamese import (
    CORRECTIONS_TITLE,
    TIE_RULE,
    city_name,
    correction,
    number,
    percent,
    place_name,
    robustness_definition,
    tier_name,
)

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT_NAME = "Times New Roman"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
# Left blank for the office: the document number and the day it is signed.
BLANK = "……"
NOT_ROBUST_MARK = "*"


def report_title(year: int) -> str:
    return f"Kết quả xác định Chỉ số chuyển đổi số năm {year}"


def _setup(document: DocumentObject) -> None:
    """A4 with the margins of Decree 30/2020/NĐ-CP, Times New Roman 13 pt."""
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    normal = document.styles["Normal"]
    normal.font.name = FONT_NAME
    normal.font.size = Pt(13)
    normal.paragraph_format.space_after = Pt(6)


def _paragraph(
    container,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    centred: bool = False,
    size: int | None = None,
    indent: bool = False,
) -> Paragraph:
    paragraph = container.add_paragraph()
    if centred:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif indent:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Cm(1)
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
    return paragraph


def _cell_lines(cell, lines: list[tuple[str, dict]]) -> None:
    """Fill a cell with centred lines; each line's options are those of ``_paragraph``."""
    first, *rest = lines
    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    text, options = first
    run = cell.paragraphs[0].add_run(text)
    run.bold, run.italic = options.get("bold", False), options.get("italic", False)
    for text, options in rest:
        _paragraph(cell, text, centred=True, **options)


def _heading_block(document: DocumentObject, year: int) -> None:
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.width, right.width = Cm(6.5), Cm(9.5)
    _cell_lines(
        left,
        [
            (f"UBND {city_name().upper()}", {"bold": True}),
            (f"Số: {BLANK}/BC-UBND", {}),
        ],
    )
    _cell_lines(
        right,
        [
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", {"bold": True}),
            ("Độc lập - Tự do - Hạnh phúc", {"bold": True}),
            (
                f"{place_name()}, ngày {BLANK} tháng {BLANK} năm {BLANK}",
                {"italic": True},
            ),
        ],
    )
    _paragraph(document)
    _paragraph(document, "BÁO CÁO", bold=True, centred=True, size=14)
    _paragraph(document, report_title(year), bold=True, centred=True)


def _date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else BLANK


def _introduction(document: DocumentObject, report: CampaignReport) -> None:
    campaign = report.campaign
    decisions: dict[tuple[str, object], list] = {}
    for tier in report.tiers:
        framework = tier.framework
        key = (framework.legal_reference, framework.legal_reference_date)
        decisions.setdefault(key, [])
        if framework not in decisions[key]:
            decisions[key].append(framework)
    for (reference, date), frameworks in decisions.items():
        issuer = frameworks[0].issuer or f"UBND {city_name()}"
        titles = " và ".join(framework.title_vi for framework in frameworks)
        _paragraph(
            document,
            f"Căn cứ Quyết định số {reference} ngày {_date(date)} của {issuer} ban hành {titles};",
            italic=True,
            indent=True,
        )
    if campaign.plan_reference:
        _paragraph(document, f"Căn cứ {campaign.plan_reference};", italic=True, indent=True)
    _paragraph(
        document,
        "Trên cơ sở kết quả tự đánh giá của các cơ quan, đơn vị, kết quả thẩm định của các "
        "đơn vị được phân công và ý kiến của Hội đồng thẩm định, Ủy ban nhân dân "
        f"{city_name()} báo cáo kết quả xác định Chỉ số chuyển đổi số năm {campaign.year} "
        "như sau:",
        indent=True,
    )


def _overview(document: DocumentObject, report: CampaignReport, numeral: str) -> None:
    _paragraph(document, f"{numeral}. KẾT QUẢ CHUNG", bold=True)
    total = sum(tier.agency_count for tier in report.tiers)
    parts = [f"{tier.agency_count} {tier_name(tier.tier)}" for tier in report.tiers]
    _paragraph(
        document,
        f"Năm {report.campaign.year} có {total} cơ quan, đơn vị được xác định Chỉ số chuyển "
        f"đổi số ({'; '.join(parts)}).",
        indent=True,
    )
    for tier in report.tiers:
        average = tier.average_dti_value()
        if average is None:
            continue
        best, last = tier.results[0], tier.results[-1]
        _paragraph(
            document,
            f"Khối {tier_name(tier.tier)}: giá trị Chỉ số bình quân {number(average, 4)}; "
            f"cao nhất {best.assessment.agency.name} ({number(best.dti_value, 4)}), "
            f"thấp nhất {last.assessment.agency.name} ({number(last.dti_value, 4)}).",
            indent=True,
        )


def _rank_text(result) -> str:
    return f"{result.rank}{NOT_ROBUST_MARK if result.rank_robust is False else ''}"


def _ranking_table(document: DocumentObject, tier: TierReport) -> Table:
    headings = ("Xếp hạng", "Cơ quan, đơn vị", "Chỉ số DTI", "Điểm đạt / tối đa")
    widths = (Cm(2.2), Cm(8.3), Cm(2.6), Cm(3))
    table = document.add_table(rows=1, cols=len(headings), style="Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, heading, width in zip(table.rows[0].cells, headings, widths, strict=True):
        cell.width = width
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        cell.paragraphs[0].add_run(heading).bold = True
    for result in tier.results:
        values = (
            _rank_text(result),
            result.assessment.agency.name,
            number(result.dti_value, 4),
            f"{number(result.points)} / {number(result.max_points)}",
        )
        cells = table.add_row().cells
        for index, (cell, value, width) in enumerate(zip(cells, values, widths, strict=True)):
            cell.width = width
            cell.text = value
            if index != 1:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    return table


def tier_chart_svg(tier: TierReport) -> str:
    """The tier's average share of each group's maximum: the chart of the tier's public
    ranking page, drawn in Vietnamese."""
    with translation.override("vi"):
        return charts.tier_chart(tier.group_names, tier.group_averages, tier.tier)


def _group_sentence(tier: TierReport) -> str | None:
    shares = [
        (share, group)
        for group in tier.groups
        if (share := tier.group_averages.get(group.code)) is not None
    ]
    if not shares:
        return None
    highest = max(shares, key=lambda pair: pair[0])
    lowest = min(shares, key=lambda pair: pair[0])
    if highest[0] == lowest[0]:
        return f"Các nhóm chỉ số có cùng tỷ lệ điểm đạt bình quân ({percent(highest[0])})."
    return (
        f"Nhóm chỉ số có tỷ lệ điểm đạt bình quân cao nhất là {highest[1].label} "
        f"({percent(highest[0])}); thấp nhất là {lowest[1].label} ({percent(lowest[0])})."
    )


def _tier_section(document: DocumentObject, tier: TierReport, numeral: str) -> None:
    _paragraph(
        document,
        f"{numeral}. KẾT QUẢ XÁC ĐỊNH CHỈ SỐ CHUYỂN ĐỔI SỐ KHỐI {tier_name(tier.tier).upper()}",
        bold=True,
    )
    _paragraph(document, "1. Bảng xếp hạng", bold=True)
    _ranking_table(document, tier)
    _paragraph(document, TIE_RULE, italic=True, size=11)
    if any(result.rank_robust is False for result in tier.results):
        _paragraph(
            document,
            f"({NOT_ROBUST_MARK}) Thứ hạng chưa ổn định. {robustness_definition()}",
            italic=True,
            size=11,
        )
    _paragraph(document, "2. Kết quả theo nhóm chỉ số", bold=True)
    picture = _paragraph(document, centred=True)
    picture.add_run().add_picture(io.BytesIO(charts.svg_to_png(tier_chart_svg(tier))), width=Cm(16))
    sentence = _group_sentence(tier)
    if sentence:
        _paragraph(document, sentence, indent=True)


def _corrections(document: DocumentObject, report: CampaignReport, numeral: str) -> None:
    _paragraph(document, f"{numeral}. {CORRECTIONS_TITLE.upper()}", bold=True)
    for reopening in report.reopenings:
        _paragraph(document, correction(reopening), indent=True)


def _proposals(document: DocumentObject, numeral: str) -> None:
    _paragraph(document, f"{numeral}. ĐỀ XUẤT, KIẾN NGHỊ", bold=True)
    _paragraph(document, BLANK, indent=True)


def _signature_block(document: DocumentObject) -> None:
    _paragraph(document)
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.width, right.width = Cm(8), Cm(8)
    left.paragraphs[0].add_run("Nơi nhận:").bold = True
    left.paragraphs[0].runs[0].italic = True
    for line in ("- Hội đồng thẩm định;", "- Các cơ quan, đơn vị được đánh giá;", "- Lưu: VT."):
        _paragraph(left, line, size=11)
    _cell_lines(
        right,
        [
            ("KT. CHỦ TỊCH", {"bold": True}),
            ("PHÓ CHỦ TỊCH", {"bold": True}),
            ("", {}),
            ("", {}),
            ("", {}),
            (BLANK, {"bold": True}),
        ],
    )


def results_report(report: CampaignReport) -> bytes:
    """The report of the campaign's frozen results, as the bytes of a .docx file."""
    document = Document()
    _setup(document)
    _heading_block(document, report.campaign.year)
    _introduction(document, report)
    numerals = iter(ROMAN)
    _overview(document, report, next(numerals))
    for tier in report.tiers:
        _tier_section(document, tier, next(numerals))
    if report.reopenings:
        _corrections(document, report, next(numerals))
    _proposals(document, next(numerals))
    _signature_block(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
