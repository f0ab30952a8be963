"""Framework workbooks (.xlsx): the framework document as sheets, lossless both ways.

Simple fields are plain cells; the structured parts of an indicator (rule, inputs, deductions,
bonuses, examples) are JSON in one cell each, so nothing is lost on the way out and back in.
Errors name the sheet, the row and the column.
"""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal
from typing import Any, BinaryIO

from django.utils.translation import gettext, gettext_noop
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from dti.core.spreadsheets import workbook_bytes
from dti.core.xlsx import UnreadableWorkbook, open_workbook
from dti.scoring.messages import Message, _
from dti.scoring.spec import Problem, Problems

SHEET_FRAMEWORK = "Bộ chỉ số"
SHEET_GROUPS = "Nhóm"
SHEET_INDICATORS = "Chỉ số"
SHEET_CRITERIA = "Tiêu chí con"
SHEET_HELP = "Hướng dẫn"

FRAMEWORK_ROWS = (
    "code",
    "version",
    "year",
    "tier",
    "title_vi",
    "title_en",
    "legal_reference_number",
    "legal_reference_date",
    "legal_reference_issuer",
    "status",
    "max_points",
    "source_confirmed",
    "source_note",
)
GROUP_COLUMNS = ("code", "name_vi", "name_en", "max_points", "source_confirmed", "unconfirmed")
INDICATOR_COLUMNS = (
    "group",
    "code",
    "name_vi",
    "name_en",
    "description_vi",
    "description_en",
    "max_points",
    "rule",
    "inputs",
    "constraints",
    "deductions",
    "bonuses",
    "evidence_required",
    "evidence_vi",
    "evidence_en",
    "data_source_vi",
    "data_source_en",
    "appraising_units",
    "applies_to",
    "may_be_not_applicable",
    "measurement",
    "source_confirmed",
    "unconfirmed",
    "examples",
)
CRITERION_COLUMNS = ("indicator", "code", "name_vi", "name_en", "max_points", "rule")
JSON_COLUMNS = ("rule", "inputs", "deductions", "bonuses", "examples")
MAX_ROWS = 5000

HELP_TEXT = (
    gettext_noop(
        "This workbook holds a whole indicator framework. Edit the cells, then import "
        "it again on the framework page (or: manage.py load_framework FILE.xlsx "
        "--update)."
    ),
    gettext_noop(
        "Sheet 'Bộ chỉ số': general information, one field per row. Sheet 'Nhóm': the "
        "groups. Sheet 'Chỉ số': the indicators; the column group holds the group code. "
        "Sheet 'Tiêu chí con': sub-criteria of indicators with a sum rule."
    ),
    gettext_noop(
        "The columns rule, inputs, deductions, bonuses and examples hold JSON as "
        "described in docs/framework-format.md. The column constraints holds "
        "comparisons separated by semicolons (e.g. online <= total). The columns "
        "unconfirmed and appraising_units hold comma-separated lists."
    ),
    gettext_noop(
        "A group's max points must equal the sum of its indicators; the framework's "
        "max points the sum of its groups. A file with any error is not imported at "
        "all; every error is listed with its sheet, row and column."
    ),
)

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=_json_default)


def _cell_number(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def write_workbook(document: dict) -> bytes:
    """The canonical document as an .xlsx file."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_FRAMEWORK
    reference = document["legal_reference"]
    values = {
        "code": document["code"],
        "version": document["version"],
        "year": document["year"],
        "tier": document["tier"],
        "title_vi": document["title"]["vi"],
        "title_en": document["title"]["en"],
        "legal_reference_number": reference["number"],
        "legal_reference_date": reference["date"],
        "legal_reference_issuer": reference["issuer"],
        "status": document["status"],
        "max_points": _cell_number(document["max_points"]),
        "source_confirmed": document["source_confirmed"],
        "source_note": document["source_note"],
    }
    sheet.append(["field", "value"])
    for key in FRAMEWORK_ROWS:
        sheet.append([key, values[key]])
    date_cell = sheet.cell(row=FRAMEWORK_ROWS.index("legal_reference_date") + 2, column=2)
    date_cell.number_format = "yyyy-mm-dd"

    groups = workbook.create_sheet(SHEET_GROUPS)
    groups.append(list(GROUP_COLUMNS))
    indicators = workbook.create_sheet(SHEET_INDICATORS)
    indicators.append(list(INDICATOR_COLUMNS))
    criteria = workbook.create_sheet(SHEET_CRITERIA)
    criteria.append(list(CRITERION_COLUMNS))
    for group in document["groups"]:
        groups.append(
            [
                group["code"],
                group["name"]["vi"],
                group["name"]["en"],
                _cell_number(group["max_points"]),
                group["source_confirmed"],
                ", ".join(group["unconfirmed"]),
            ]
        )
        for item in group["indicators"]:
            indicators.append(_indicator_row(group["code"], item))
            for criterion in item["criteria"]:
                criteria.append(
                    [
                        item["code"],
                        criterion["code"],
                        criterion["name"]["vi"],
                        criterion["name"]["en"],
                        _cell_number(criterion["max_points"]),
                        _to_json(criterion["rule"]),
                    ]
                )
    help_sheet = workbook.create_sheet(SHEET_HELP)
    for line in HELP_TEXT:
        help_sheet.append([gettext(line)])
    help_sheet.column_dimensions["A"].width = 120
    for worksheet in (sheet, groups, indicators, criteria):
        _style_header(worksheet)
    return workbook_bytes(workbook)


def _indicator_row(group_code: str, item: dict) -> list[Any]:
    return [
        group_code,
        item["code"],
        item["name"]["vi"],
        item["name"]["en"],
        item["description"]["vi"],
        item["description"]["en"],
        _cell_number(item["max_points"]),
        _to_json(item["rule"]),
        _to_json(item["inputs"]),
        "; ".join(item["constraints"]),
        _to_json(item["deductions"]),
        _to_json(item["bonuses"]),
        item["evidence"]["required"],
        item["evidence"]["description"]["vi"],
        item["evidence"]["description"]["en"],
        item["data_source"]["vi"],
        item["data_source"]["en"],
        ", ".join(item["appraising_units"]),
        item["applies_to"],
        item["may_be_not_applicable"],
        item["measurement"],
        item["source_confirmed"],
        ", ".join(item["unconfirmed"]),
        _to_json(item["examples"]),
    ]


def _style_header(worksheet) -> None:
    for cell in worksheet[1]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    for index, column in enumerate(worksheet.columns, start=1):
        longest = max((len(str(cell.value or "")) for cell in column), default=8)
        worksheet.column_dimensions[get_column_letter(index)].width = min(max(longest, 8), 60)
        for cell in column[1:]:
            cell.alignment = Alignment(vertical="top", wrap_text=longest > 60)
    worksheet.freeze_panes = "A2"


class WorkbookReader:
    """Reads a framework workbook into a document; problems are placed by sheet/row/column."""

    def __init__(self) -> None:
        self.problems = Problems()
        self.rows: dict[str, str] = {}  # document path prefix -> "sheet, row N"

    def read(self, stream: BinaryIO) -> dict | None:
        try:
            workbook = open_workbook(stream.read())
        except UnreadableWorkbook as error:
            self.problems.add(
                "(file)",
                _("The file is not a readable .xlsx workbook ({reason})."),
                reason=str(error),
            )
            return None
        for name in (SHEET_FRAMEWORK, SHEET_GROUPS, SHEET_INDICATORS, SHEET_CRITERIA):
            if name not in workbook.sheetnames:
                self.problems.add("(file)", _("The sheet {sheet!r} is missing."), sheet=name)
        if self.problems:
            return None
        document = self._framework(workbook[SHEET_FRAMEWORK])
        groups = self._table(workbook[SHEET_GROUPS], GROUP_COLUMNS)
        indicators = self._table(workbook[SHEET_INDICATORS], INDICATOR_COLUMNS)
        criteria = self._table(workbook[SHEET_CRITERIA], CRITERION_COLUMNS)
        workbook.close()
        if self.problems:
            return None
        document["groups"] = self._assemble(groups, indicators, criteria)
        return None if self.problems else document

    def place(self, problem: Problem, renderer: Any = None) -> str:
        """Render a document problem with the sheet and row it came from, when known."""
        for prefix in sorted(self.rows, key=len, reverse=True):
            if problem.path == prefix or problem.path.startswith(prefix + "."):
                return f"{self.rows[prefix]}: {problem.render(renderer)}"
        return problem.render(renderer)

    def _add(self, sheet: str, row: int, column: str, message: Message) -> None:
        where = f"{sheet}!{column} {row}" if column else f"{sheet}, row {row}"
        self.problems.append(Problem(where, message))

    def _framework(self, worksheet) -> dict:
        fields: dict[str, Any] = {}
        for row_number, row in enumerate(
            worksheet.iter_rows(min_row=2, max_row=100, values_only=True), start=2
        ):
            if not row or row[0] is None:
                continue
            key = str(row[0]).strip()
            if key not in FRAMEWORK_ROWS:
                self._add(
                    SHEET_FRAMEWORK,
                    row_number,
                    "A",
                    Message(_("Unknown field {field!r}."), {"field": key}),
                )
                continue
            fields[key] = row[1] if len(row) > 1 else None
        date = fields.get("legal_reference_date")
        return {
            "code": fields.get("code"),
            "version": fields.get("version"),
            "year": fields.get("year"),
            "tier": fields.get("tier"),
            "title": {"vi": fields.get("title_vi") or "", "en": fields.get("title_en") or ""},
            "legal_reference": {
                "number": fields.get("legal_reference_number"),
                "date": date.date() if isinstance(date, datetime.datetime) else date,
                "issuer": fields.get("legal_reference_issuer") or "",
            },
            "status": fields.get("status"),
            "max_points": fields.get("max_points"),
            "source_confirmed": self._boolean(
                fields.get("source_confirmed"),
                SHEET_FRAMEWORK,
                FRAMEWORK_ROWS.index("source_confirmed") + 2,
                "B",
            ),
            "source_note": fields.get("source_note") or "",
        }

    def _table(self, worksheet, columns: tuple[str, ...]) -> list[tuple[int, dict]]:
        rows = worksheet.iter_rows(values_only=True)
        header = next(rows, None)
        names = [str(value).strip() if value is not None else "" for value in (header or ())]
        missing = [column for column in columns if column not in names]
        if missing:
            self._add(
                worksheet.title,
                1,
                "",
                Message(_("Missing columns: {columns}."), {"columns": ", ".join(missing)}),
            )
            return []
        extra = [name for name in names if name and name not in columns]
        if extra:
            self._add(
                worksheet.title,
                1,
                "",
                Message(_("Unknown columns: {columns}."), {"columns": ", ".join(extra)}),
            )
            return []
        table = []
        for row_number, row in enumerate(rows, start=2):
            if row_number > MAX_ROWS:
                self._add(
                    worksheet.title,
                    row_number,
                    "",
                    Message(_("More than {limit} rows."), {"limit": MAX_ROWS}),
                )
                break
            if not any(value not in (None, "") for value in row):
                continue
            values = {
                name: row[index] if index < len(row) else None
                for index, name in enumerate(names)
                if name
            }
            table.append((row_number, values))
        return table

    def _column(self, columns: tuple[str, ...], name: str) -> str:
        return get_column_letter(columns.index(name) + 1)

    def _boolean(self, value: Any, sheet: str, row: int, column: str) -> Any:
        if isinstance(value, bool) or value is None:
            return value
        text = str(value).strip().lower()
        if text in {"true", "1", "có", "yes", "x"}:
            return True
        if text in {"false", "0", "không", "no", ""}:
            return False
        self._add(
            sheet,
            row,
            column,
            Message(_("Expected TRUE or FALSE, found {value!r}."), {"value": str(value)}),
        )
        return None

    def _json(self, value: Any, sheet: str, row: int, column: str, empty: Any) -> Any:
        if value is None or (isinstance(value, str) and not value.strip()):
            return empty
        try:
            return json.loads(str(value), parse_float=Decimal)
        except json.JSONDecodeError as error:
            self._add(
                sheet, row, column, Message(_("Not valid JSON: {reason}."), {"reason": error.msg})
            )
            return empty

    def _assemble(self, groups, indicators, criteria) -> list[dict]:
        by_group: dict[str, list[dict]] = {}
        by_indicator: dict[str, list[dict]] = {}
        for row_number, row in criteria:
            column = self._column(CRITERION_COLUMNS, "rule")
            by_indicator.setdefault(_text(row["indicator"]), []).append(
                {
                    "code": _text(row["code"]),
                    "name": {"vi": _text(row["name_vi"]), "en": _text(row["name_en"])},
                    "max_points": row["max_points"],
                    "rule": self._json(row["rule"], SHEET_CRITERIA, row_number, column, None),
                }
            )
        indicator_rows: dict[str, int] = {}
        for row_number, row in indicators:
            item = self._indicator(row_number, row, by_indicator)
            indicator_rows[item["code"]] = row_number
            by_group.setdefault(_text(row["group"]), []).append(item)
        known_groups = {_text(row["code"]) for _number, row in groups}
        for code, items in by_group.items():
            if code not in known_groups:
                row_number = indicator_rows[items[0]["code"]]
                self._add(
                    SHEET_INDICATORS,
                    row_number,
                    self._column(INDICATOR_COLUMNS, "group"),
                    Message(_("No group with the code {code!r}."), {"code": code}),
                )
        assembled = []
        for group_index, (row_number, row) in enumerate(groups):
            path = f"groups[{group_index}]"
            self.rows[path] = f"{SHEET_GROUPS}, row {row_number}"
            items = by_group.get(_text(row["code"]), [])
            for index, item in enumerate(items):
                self.rows[f"{path}.indicators[{index}]"] = (
                    f"{SHEET_INDICATORS}, row {indicator_rows[item['code']]}"
                )
            assembled.append(
                {
                    "code": _text(row["code"]),
                    "name": {"vi": _text(row["name_vi"]), "en": _text(row["name_en"])},
                    "max_points": row["max_points"],
                    "source_confirmed": self._boolean(
                        row["source_confirmed"],
                        SHEET_GROUPS,
                        row_number,
                        self._column(GROUP_COLUMNS, "source_confirmed"),
                    ),
                    "unconfirmed": _list(row["unconfirmed"]),
                    "indicators": items,
                }
            )
        return assembled

    def _indicator(self, row_number: int, row: dict, by_indicator: dict) -> dict:
        def column(name: str) -> str:
            return self._column(INDICATOR_COLUMNS, name)

        def as_json(name: str, empty: Any) -> Any:
            return self._json(row[name], SHEET_INDICATORS, row_number, column(name), empty)

        def as_bool(name: str) -> Any:
            return self._boolean(row[name], SHEET_INDICATORS, row_number, column(name))

        code = _text(row["code"])
        return {
            "code": code,
            "name": {"vi": _text(row["name_vi"]), "en": _text(row["name_en"])},
            "description": {"vi": _text(row["description_vi"]), "en": _text(row["description_en"])},
            "max_points": row["max_points"],
            "rule": as_json("rule", None),
            "inputs": as_json("inputs", []),
            "constraints": [
                part.strip() for part in _text(row["constraints"]).split(";") if part.strip()
            ],
            "deductions": as_json("deductions", []),
            "bonuses": as_json("bonuses", []),
            "criteria": by_indicator.get(code, []),
            "evidence": {
                "required": as_bool("evidence_required"),
                "description": {"vi": _text(row["evidence_vi"]), "en": _text(row["evidence_en"])},
            },
            "data_source": {"vi": _text(row["data_source_vi"]), "en": _text(row["data_source_en"])},
            "appraising_units": _list(row["appraising_units"]),
            "applies_to": _text(row["applies_to"]) or "all",
            "may_be_not_applicable": as_bool("may_be_not_applicable"),
            "measurement": _text(row["measurement"]) or "self",
            "source_confirmed": as_bool("source_confirmed"),
            "unconfirmed": _list(row["unconfirmed"]),
            "examples": as_json("examples", []),
        }


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value).strip()


def _list(value: Any) -> list[str]:
    return [part for part in re.split(r"\s*,\s*", _text(value)) if part]
