"""The audit trail as CSV or Excel, written row by row so that a long trail never sits in memory.

Every text cell is neutralised against spreadsheet formula injection (OWASP "CSV injection"): a
reason typed as ``=HYPERLINK(...)`` must reach the reader as text, not run as a formula.
"""

from __future__ import annotations

import csv
import json
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .models import AuditEvent

EXPORT_HEADERS = [
    gettext_lazy("Time"),
    gettext_lazy("Username"),
    gettext_lazy("Full name"),
    gettext_lazy("IP address"),
    gettext_lazy("Action"),
    gettext_lazy("Object type"),
    gettext_lazy("Object id"),
    gettext_lazy("Object"),
    gettext_lazy("Agency code"),
    gettext_lazy("Before"),
    gettext_lazy("After"),
    gettext_lazy("Reason"),
]
COLUMN_WIDTHS = [26, 18, 24, 16, 22, 22, 10, 40, 14, 50, 50, 40]
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_CELL_LIMIT = 32_767  # characters; a longer cell makes Excel "repair" the file
ROWS_PER_QUERY = 2_000


def neutralise(text: str) -> str:
    """Text a spreadsheet shows as text: a leading formula character gets a ' in front."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def _json(value: Any) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def event_values(event: AuditEvent) -> list[str]:
    """One event as the export's columns, as plain text (not yet neutralised)."""
    actor, agency = event.actor, event.agency
    return [
        timezone.localtime(event.at).isoformat(timespec="seconds"),
        actor.username if actor else "",
        actor.full_name if actor else "",
        event.ip_address or "",
        event.action,
        event.object_type,
        event.object_id,
        event.object_repr,
        agency.code if agency else "",
        _json(event.before),
        _json(event.after),
        event.reason,
    ]


def headers() -> list[str]:
    """The header row in the current language; call it in the request, before streaming."""
    return [str(header) for header in EXPORT_HEADERS]


def _rows(events: QuerySet[AuditEvent]) -> Iterator[list[str]]:
    for event in events.iterator(chunk_size=ROWS_PER_QUERY):
        yield event_values(event)


class _Echo:
    """A file whose ``write`` hands back the line, so csv.writer formats one row at a time."""

    def write(self, line: str) -> str:
        return line


def csv_lines(header: list[str], events: QuerySet[AuditEvent]) -> Iterator[str]:
    """The CSV, line by line, starting with a byte-order mark: without it Excel reads UTF-8
    Vietnamese as Windows-1252."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(header)
    for values in _rows(events):
        yield writer.writerow([neutralise(value) for value in values])


def _excel_text(text: str) -> str:
    """Neutralised text without the control characters a workbook cannot hold, cut to Excel's
    cell limit. The control characters go first: they could hide a leading "="."""
    text = neutralise(ILLEGAL_CHARACTERS_RE.sub("", text))
    return text if len(text) <= EXCEL_CELL_LIMIT else text[: EXCEL_CELL_LIMIT - 1] + "…"


def _header_cells(sheet, header: Iterable[str]) -> list[WriteOnlyCell]:
    cells = []
    for text in header:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def xlsx_file(header: list[str], events: QuerySet[AuditEvent]) -> IO[bytes]:
    """The workbook in a temporary file, rewound; openpyxl's write-only mode keeps one row in
    memory at a time, and the caller streams the file (it is deleted when closed)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(gettext("Audit trail")[:31])
    for index, width in enumerate(COLUMN_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append(_header_cells(sheet, header))
    for values in _rows(events):
        sheet.append([_excel_text(value) for value in values])
    output = tempfile.TemporaryFile()  # noqa: SIM115 - the response closes it once sent
    workbook.save(output)
    output.seek(0)
    return output
