"""Spreadsheets we hand out must never run what somebody typed.

A text starting with = + - @ (or a tab or carriage return) is taken as a formula by Excel and
LibreOffice ("CSV injection"). Agency names, notes, reasons and comments are typed by users, so
every export goes through these two functions: in CSV such a text is prefixed with a quote
(OWASP's advice), in .xlsx every formula cell is turned into a plain text cell (our exports
never write formulas of their own).
"""

from __future__ import annotations

import io
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl.cell import WriteOnlyCell

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except InvalidOperation:
        return False
    return True


def csv_safe(value: Any) -> Any:
    """The value for a CSV cell: texts that a spreadsheet would run are prefixed with '."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS) and not _is_number(value):
        return "'" + value
    return value


def csv_safe_row(values) -> list:
    return [csv_safe(value) for value in values]


def workbook_bytes(workbook) -> bytes:
    """Save an openpyxl workbook after turning any formula cell into a text cell."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def streamed_text(sheet, value: Any) -> Any:
    """A value for a row of a write-only sheet (``Workbook(write_only=True)``), whose cells
    cannot be revisited by ``workbook_bytes``: a text openpyxl would store as a formula (it
    starts with =) becomes a plain text cell."""
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def streamed_workbook_bytes(workbook) -> bytes:
    """Save a write-only workbook whose texts went through ``streamed_text``."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
