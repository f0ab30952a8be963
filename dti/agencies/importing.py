"""Agency lists from CSV (UTF-8) or Excel: validated row by row, applied all-or-nothing, each
created or changed agency recorded in the audit trail with the file it came from."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from dti.audit.services import record
from dti.core.xlsx import UnreadableWorkbook, XmlDeclarationRefused, open_workbook

from .models import Agency, Tier
from .permissions import require

COLUMNS = (
    "code",
    "name",
    "name_en",
    "tier",
    "flags",
    "is_assessed",
    "is_appraising_unit",
    "active_from",
    "active_until",
    "is_placeholder",
    "source_confirmed",
    "note",
)
REQUIRED = ("code", "name", "tier")
BOOLEAN_COLUMNS = ("is_assessed", "is_appraising_unit", "is_placeholder", "source_confirmed")
BOOLEAN_DEFAULTS = {
    "is_assessed": True,
    "is_appraising_unit": False,
    "is_placeholder": False,
    "source_confirmed": False,
}
MAX_ROWS = 10_000
MAX_BYTES = 5 * 1024 * 1024
_TRUE = {"true", "1", "yes", "có", "x"}
_FALSE = {"false", "0", "no", "không", ""}


class AgencyImportError(Exception):
    def __init__(self, lines: list[str]):
        self.lines = lines
        super().__init__("\n".join(lines))


@dataclass
class ImportSummary:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def import_agencies(filename: str, data: bytes, by=None) -> ImportSummary:
    """Create or update agencies by code; nothing changes if any row is wrong.

    ``by`` is the coordinator importing through the page (``agency.manage``); None is the server
    operator's ``load_agencies``. Each created or changed agency is audited as ``agency.import``.
    """
    if by is not None:
        require(by, "agency.manage")
    name = Path(filename).name
    if len(data) > MAX_BYTES:
        raise AgencyImportError(
            [
                f"{name}: "
                + _("The file is larger than %(limit)s MB.") % {"limit": MAX_BYTES // (1024 * 1024)}
            ]
        )
    rows = _read_rows(name, data)
    problems: list[str] = []
    cleaned: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for row_number, row in rows:
        values, row_problems = _clean_row(row)
        for column, message in row_problems:
            problems.append(
                _("%(file)s: row %(row)s, column %(column)s: %(reason)s")
                % {"file": name, "row": row_number, "column": column, "reason": message}
            )
        code = values.get("code")
        if code and code in seen:
            problems.append(
                _(
                    "%(file)s: row %(row)s, column code: the code %(code)s is already "
                    "used on row %(other)s."
                )
                % {"file": name, "row": row_number, "code": code, "other": seen[code]}
            )
        if code:
            seen[code] = row_number
        cleaned.append(values)
    if problems:
        raise AgencyImportError(problems)
    return _apply(name, cleaned, by)


def import_agencies_path(path: Path | str) -> ImportSummary:
    path = Path(path)
    return import_agencies(path.name, path.read_bytes())


def _read_rows(name: str, data: bytes) -> list[tuple[int, dict[str, Any]]]:
    suffix = Path(name).suffix.lower()
    if suffix == ".csv":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise AgencyImportError([f"{name}: " + _("The file is not UTF-8 text.")]) from None
        table = list(csv.reader(io.StringIO(text)))
    elif suffix == ".xlsx":
        table = _xlsx_table(name, data)
    else:
        raise AgencyImportError([f"{name}: " + _("Expected a .csv or .xlsx file.")])
    if not table:
        raise AgencyImportError([f"{name}: " + _("The file is empty.")])
    header = [str(cell or "").strip() for cell in table[0]]
    missing = [column for column in REQUIRED if column not in header]
    unknown = [column for column in header if column and column not in COLUMNS]
    if missing or unknown:
        lines = []
        if missing:
            lines.append(
                f"{name}: "
                + _("row 1: missing columns: %(columns)s") % {"columns": ", ".join(missing)}
            )
        if unknown:
            lines.append(
                f"{name}: "
                + _("row 1: unknown columns: %(columns)s") % {"columns": ", ".join(unknown)}
            )
        raise AgencyImportError(lines)
    if len(table) > MAX_ROWS + 1:
        raise AgencyImportError(
            [f"{name}: " + _("More than %(limit)s rows.") % {"limit": MAX_ROWS}]
        )
    rows = []
    for row_number, cells in enumerate(table[1:], start=2):
        if not any(str(cell or "").strip() for cell in cells):
            continue
        rows.append(
            (
                row_number,
                {
                    column: cells[index] if index < len(cells) else None
                    for index, column in enumerate(header)
                    if column
                },
            )
        )
    return rows


def _xlsx_table(name: str, data: bytes) -> list[list[Any]]:
    try:
        workbook = open_workbook(data)
    except XmlDeclarationRefused as refused:
        raise AgencyImportError([f"{name}: {refused}"]) from None
    except UnreadableWorkbook:
        raise AgencyImportError(
            [f"{name}: " + _("The file is not a readable .xlsx workbook.")]
        ) from None
    sheet = workbook.worksheets[0]
    table = [list(row) for row in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 2)]
    workbook.close()
    return table


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value).strip()


def _clean_row(row: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    problems: list[tuple[str, str]] = []
    values: dict[str, Any] = {}
    for column in REQUIRED:
        if not _text(row.get(column)):
            problems.append((column, _("This field is required.")))
    values["code"] = _text(row.get("code"))
    if len(values["code"]) > 32:
        problems.append(("code", _("At most 32 characters.")))
    values["name"] = _text(row.get("name"))
    values["name_en"] = _text(row.get("name_en"))
    for column in ("name", "name_en"):
        if len(values[column]) > 255:
            problems.append((column, _("At most 255 characters.")))
    tier = _text(row.get("tier"))
    if tier and tier not in Tier.values:
        problems.append(
            (
                "tier",
                _("Expected one of %(choices)s, found %(value)s.")
                % {"choices": ", ".join(Tier.values), "value": tier},
            )
        )
    values["tier"] = tier
    values["flags"] = [flag.strip() for flag in _text(row.get("flags")).split(";") if flag.strip()]
    for column in BOOLEAN_COLUMNS:
        raw = row.get(column)
        if isinstance(raw, bool):
            values[column] = raw
            continue
        text = _text(raw).lower()
        if text == "":
            values[column] = BOOLEAN_DEFAULTS[column]
        elif text in _TRUE:
            values[column] = True
        elif text in _FALSE:
            values[column] = False
        else:
            problems.append(
                (column, _("Expected true or false, found %(value)s.") % {"value": _text(raw)})
            )
    for column in ("active_from", "active_until"):
        text = _text(row.get(column))
        if not text:
            values[column] = None
        elif text.isdigit() and 2000 <= int(text) <= 2100:
            values[column] = int(text)
        else:
            problems.append(
                (column, _("Expected a year such as 2025, found %(value)s.") % {"value": text})
            )
    values["note"] = _text(row.get("note"))
    return values, problems


@transaction.atomic
def _apply(name: str, rows: list[dict[str, Any]], by) -> ImportSummary:
    summary = ImportSummary()
    existing = {agency.code: agency for agency in Agency.objects.all()}
    changes: list[tuple[Agency, dict | None, dict]] = []
    for values in rows:
        agency = existing.get(values["code"])
        if agency is None:
            changes.append((Agency.objects.create(**values), None, values))
            summary.created.append(values["code"])
            continue
        before = {
            key: getattr(agency, key) for key in values if getattr(agency, key) != values[key]
        }
        if not before:
            summary.unchanged.append(values["code"])
            continue
        for key, value in values.items():
            setattr(agency, key, value)
        agency.save()
        changes.append((agency, before, {key: values[key] for key in before}))
        summary.updated.append(values["code"])
    reason = (
        f"import {name}: {len(summary.created)} created, {len(summary.updated)} updated, "
        f"{len(summary.unchanged)} unchanged"
    )
    for agency, before, after in changes:
        record(by, "agency.import", agency, before=before, after=after, reason=reason)
    return summary
