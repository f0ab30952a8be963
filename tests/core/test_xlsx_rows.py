"""RowStream writes the rows openpyxl would have written, only faster."""

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, NamedStyle

from dti.core.xlsx_rows import RowStream

ROWS = [
    ["SYT", "Sở Y tế", Decimal("7.50"), 3, True, 'Lý do: <đủ> & "rõ"'],
    ["=1+1", "  lề trái", Decimal("-2.5"), None, False, ""],
    ["@SUM(A1)", "Phường Hà Đông", Decimal("0.7333333333"), 0, None, "dòng 1\ndòng 2"],
    ["X", None, 12.25, 10**12, True, "Tên dài " * 40],
]


def _styles(workbook):
    points = NamedStyle(name="points", number_format="#,##0.00")
    wrapped = NamedStyle(name="wrapped", alignment=Alignment(wrap_text=True, vertical="top"))
    workbook.add_named_style(points)
    workbook.add_named_style(wrapped)
    return [None, None, "points", "points", None, "wrapped"]


def _styled_row(sheet, styles, values):
    cells = []
    for style, value in zip(styles, values, strict=True):
        cell = WriteOnlyCell(sheet, value=value)
        if style:
            cell.style = style
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"
        cells.append(cell)
    return cells


def _saved(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def all_through_openpyxl() -> bytes:
    workbook = Workbook(write_only=True)
    styles = _styles(workbook)
    sheet = workbook.create_sheet("Dữ liệu")
    sheet.append(["Tiêu đề"])
    for values in ROWS:
        sheet.append(_styled_row(sheet, styles, values))
    sheet.append(["dòng cuối"])
    return _saved(workbook)


def streamed() -> bytes:
    workbook = Workbook(write_only=True)
    styles = _styles(workbook)
    stream = RowStream()
    workbook.create_sheet("Trống")  # the stream must find the second sheet's file
    sheet = workbook.create_sheet("Dữ liệu")
    sheet.append(["Tiêu đề"])
    sheet.append(_styled_row(sheet, styles, ROWS[0]))
    stream.rest_of(sheet, ROWS[1:])
    return stream.finish(_saved(workbook))


def cells(content: bytes, title: str = "Dữ liệu"):
    """Value, type, number format and wrapping of each cell (an empty cell has no type)."""
    sheet = load_workbook(io.BytesIO(content))[title]
    return [
        [
            (
                cell.value,
                cell.data_type if cell.value is not None else None,
                cell.number_format,
                cell.alignment.wrap_text,
            )
            for cell in row
        ]
        for row in sheet.iter_rows(min_row=2, max_row=len(ROWS) + 1, max_col=6)
    ]


def test_the_streamed_rows_read_back_as_openpyxls_own():
    expected = cells(all_through_openpyxl())
    assert cells(streamed()) == expected
    assert expected[1][0][:2] == ("=1+1", "s")  # a typed formula stays text
    assert expected[2][2][2] == "#,##0.00"  # the style reaches the streamed rows


def test_characters_xml_cannot_hold_are_dropped_not_fatal():
    workbook = Workbook(write_only=True)
    stream = RowStream()
    sheet = workbook.create_sheet("S")
    sheet.append(["đầu"])
    stream.rest_of(sheet, [["chuông\x07 và\x0b tab\tđược giữ"]])
    sheet = load_workbook(io.BytesIO(stream.finish(_saved(workbook))))["S"]
    assert sheet["A2"].value == "chuông và tab\tđược giữ"


def test_a_workbook_without_streamed_rows_is_left_as_saved():
    workbook = Workbook(write_only=True)
    workbook.create_sheet("S").append(["a"])
    content = _saved(workbook)
    stream = RowStream()
    stream.rest_of(workbook.worksheets[0], [])
    assert stream.finish(content) == content


def test_a_missing_placeholder_is_reported():
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("S")
    stream = RowStream()
    stream.rest_of(sheet, [["a"]])
    _saved(workbook)
    other = Workbook(write_only=True)
    other.create_sheet("S").append(["khác"])
    with pytest.raises(ValueError, match="placeholder"):
        stream.finish(_saved(other))
