"""Agency lists from CSV (UTF-8) or Excel: validated row by row, applied all-or-nothing, each
created or changed agency recorded in the audit trail with the file it came from. Names, tiers
and the other columns describe the agency; flags are set for the year the list gives."""

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

from .models import Agency, AgencyFlag, Tier
from .permissions import require

COLUMNS = (
    "code",
    "name",
    "name_en",
    "tier",
    "year",
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
MAX_FLAG_LENGTH = 64
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

    A list with a ``flags`` column sets each row's flags for the year in its ``year`` column
    (an empty cell: no flag that year) and leaves the flags of other years as they are.

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
    # Flags are yearly facts: a list that gives flags must say for which year.
    flags_without_year = "flags" in header and "year" not in header
    if missing or unknown or flags_without_year:
        lines = []
        if missing:
            lines.append(
                f"{name}: "
                + _("row 1: missing columns: %(columns)s") % {"columns": ", ".join(missing)}
            )
        if flags_without_year:
            lines.append(
                f"{name}: "
                + _(
                    "row 1: the column flags needs a column year: flags are set for one "
                    "year (e.g. 2025), so the list must say which."
                )
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
    if "flags" in row:
        # An empty cell is a fact too: the agency has no flag in that year.
        values["flags"] = sorted(
            {flag.strip() for flag in _text(row.get("flags")).split(";") if flag.strip()}
        )
        for flag in values["flags"]:
            if len(flag) > MAX_FLAG_LENGTH:
                problems.append(
                    (
                        "flags",
                        _("A flag has at most %(limit)s characters: %(flag)s.")
                        % {"limit": MAX_FLAG_LENGTH, "flag": flag},
                    )
                )
        values["year"] = _year(row, "year", problems)
        if values["year"] is None and not _text(row.get("year")):
            problems.append(("year", _("This field is required.")))
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
        values[column] = _year(row, column, problems)
    values["note"] = _text(row.get("note"))
    return values, problems


def _year(row: dict[str, Any], column: str, problems: list[tuple[str, str]]) -> int | None:
    """The year in ``column`` (None when the cell is empty or wrong; a wrong one is a problem)."""
    text = _text(row.get(column))
    if not text:
        return None
    if text.isdigit() and 2000 <= int(text) <= 2100:
        return int(text)
    problems.append((column, _("Expected a year such as 2025, found %(value)s.") % {"value": text}))
    return None


@transaction.atomic
def _apply(name: str, rows: list[dict[str, Any]], by) -> ImportSummary:
    summary = ImportSummary()
    existing = {agency.code: agency for agency in Agency.objects.all()}
    years = {values["year"] for values in rows if "flags" in values}
    stored_flags: dict[tuple[int, int], list[str]] = {}
    for agency_id, year, flag in (
        AgencyFlag.objects.filter(year__in=years)
        .order_by("flag")
        .values_list("agency_id", "year", "flag")
    ):
        stored_flags.setdefault((agency_id, year), []).append(flag)
    changes: list[tuple[Agency, dict | None, dict]] = []
    for values in rows:
        year, flags = values.pop("year", None), values.pop("flags", None)
        agency = existing.get(values["code"])
        if agency is None:
            agency = Agency.objects.create(**values)
            after = dict(values)
            if flags is not None:
                _set_flags(agency, year, [], flags)
                after[_flags_key(year)] = flags
            changes.append((agency, None, after))
            summary.created.append(values["code"])
            continue
        before = {
            key: getattr(agency, key) for key in values if getattr(agency, key) != values[key]
        }
        after = {key: values[key] for key in before}
        if before:
            for key, value in values.items():
                setattr(agency, key, value)
            agency.save()
        if flags is not None:
            old_flags = stored_flags.get((agency.pk, year), [])
            if old_flags != flags:
                _set_flags(agency, year, old_flags, flags)
                before[_flags_key(year)], after[_flags_key(year)] = old_flags, flags
        if not before:
            summary.unchanged.append(values["code"])
            continue
        changes.append((agency, before, after))
        summary.updated.append(values["code"])
    reason = (
        f"import {name}: {len(summary.created)} created, {len(summary.updated)} updated, "
        f"{len(summary.unchanged)} unchanged"
    )
    for agency, before, after in changes:
        record(by, "agency.import", agency, before=before, after=after, reason=reason)
    return summary


def _flags_key(year: int) -> str:
    """How a year's flags are named in the audit record's before and after."""
    return f"flags {year}"


def _set_flags(agency: Agency, year: int, old: list[str], new: list[str]) -> None:
    """The agency's flags of ``year`` become ``new``; other years keep theirs."""
    AgencyFlag.objects.filter(agency=agency, year=year).exclude(flag__in=new).delete()
    AgencyFlag.objects.bulk_create(
        AgencyFlag(agency=agency, year=year, flag=flag) for flag in new if flag not in old
    )
