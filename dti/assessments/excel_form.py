"""The self-assessment form as an Excel workbook, filled offline and uploaded back.

Three steps, each a function here:

- ``write_form``: the workbook. One row per applicable indicator with its current values; every
  input has three columns — its label and unit, its code (hidden: it maps the value back without
  relying on the label) and its value. A hidden second row names each column for the reader, so
  the visible header may be in either language.
- ``read_form``: checks the whole file — structure, then every cell with the scoring engine's
  rules — and either returns the parsed rows or raises ``FormRejected`` with every problem placed
  by sheet, row and column. Nothing is written.
- ``form_changes`` shows what an upload would change; ``apply_form`` saves the changed responses
  in one transaction through ``save_response``, or nothing at all.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import math
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language, gettext, gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from dti.audit.services import record
from dti.campaigns.services import editing_window
from dti.core.formatting import format_number, ui_renderer
from dti.core.spreadsheets import workbook_bytes
from dti.core.xlsx import XmlDeclarationRefused, check_no_document_type, looks_like_xlsx
from dti.frameworks.definitions import framework_definition
from dti.scoring import FrameworkDef, IndicatorDef, InputSpec, LocalText
from dti.scoring.inputs import NUMERIC_KINDS, is_empty, parse_value

from .forms import MAX_NOTE_LENGTH, MAX_VALUE_LENGTH
from .models import Assessment, Response
from .scoring import normalized_values, score_assessment, score_response
from .services import check_editable, save_response

SHEET_FORM = "Tự đánh giá"
SHEET_HELP = "Hướng dẫn"
HEADER_ROW = 1
KEY_ROW = 2  # hidden: the technical name of each column, read back on upload
FIRST_DATA_ROW = 3
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # a small .xlsx that unpacks to more is not a form
MAX_DATA_ROWS = 500  # frameworks have fewer than 100 indicators
EXTRA_COLUMNS_READ = 30  # columns past the form that are still checked for stray values
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Boolean words written in the workbook, per language; the reader accepts both, and the engine's
# other words (yes/no, true/false, 1/0).
_YES_NO_WORDS = {"vi": ("Có", "Không"), "en": ("Yes", "No")}
_NOT_APPLICABLE_SPEC = InputSpec(code="not_applicable", kind="boolean", label=LocalText())
_NOT_THE_FORM = gettext_lazy(
    "This sheet does not have the form's columns (its hidden row 2 names them). Download the "
    "form from the self-assessment page and fill that file in."
)
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_READ_ONLY_FILL = PatternFill("solid", fgColor="F2F2F2")
_VALUE_FILL = PatternFill("solid", fgColor="FFF9E5")
_UNLOCKED = Protection(locked=False)

_FIXED_HEADERS = {
    "code": gettext_lazy("Code"),
    "name": gettext_lazy("Indicator"),
    "max_points": gettext_lazy("Max points"),
    "not_applicable": gettext_lazy("Not applicable"),
    "note": gettext_lazy("Note"),
    "points": gettext_lazy("Current points"),
}
_SLOT_HEADERS = {
    "input": gettext_lazy("Input %(number)s"),
    "input_code": gettext_lazy("Input code %(number)s"),
    "value": gettext_lazy("Value %(number)s"),
}
_SLOT_KEY = re.compile(r"^(input|input_code|value)_(\d+)$")

HELP_LINES = (
    gettext_lazy(
        "Fill in the sheet “Tự đánh giá”: one row per indicator that applies to your agency. "
        "Each input has a “Value” column; the column on its left names the input and its unit."
    ),
    gettext_lazy(
        "Whole numbers and decimals are typed as numbers (7.5 or 7,5); percentages from 0 to 100 "
        "(85 means 85 %); yes/no answers and choices are picked from their list; dates as "
        "dd/mm/yyyy. A value left empty means “not answered yet”: a partly filled form is "
        "saved as a draft."
    ),
    gettext_lazy(
        "“Not applicable” can be chosen only for the indicators that allow it (the other cells "
        "are grey). The indicator is then left out of both your points and the maximum."
    ),
    gettext_lazy(
        "Do not change the code, indicator, max points and points columns, and do not add, "
        "remove or move columns. You may delete rows: those indicators are left as they are."
    ),
    gettext_lazy(
        "To upload, open the self-assessment page and choose “Upload a filled form”. The whole "
        "file is checked first. If any cell has a problem nothing is changed, and every problem "
        "is listed with its sheet, row and column."
    ),
    gettext_lazy(
        "If everything is right you see what will change — each value, and the points before "
        "and after. Nothing is saved until you confirm; then every change is saved at once."
    ),
    gettext_lazy(
        "The points in this file are those at download time; the platform computes them again. "
        "Evidence is attached on each indicator's web page, not in this file."
    ),
)


# --- columns -----------------------------------------------------------------------------------


def input_slots(definition: FrameworkDef) -> int:
    """How many input columns the form has: the most inputs any indicator of the framework has."""
    return max((len(indicator.inputs) for indicator in definition.indicators()), default=0) or 1


def column_keys(slots: int) -> list[str]:
    keys = ["code", "name", "max_points"]
    for number in range(1, slots + 1):
        keys += [f"input_{number}", f"input_code_{number}", f"value_{number}"]
    return [*keys, "not_applicable", "note", "points"]


def column_header(key: str) -> str:
    if key in _FIXED_HEADERS:
        return str(_FIXED_HEADERS[key])
    kind, number = _SLOT_KEY.match(key).groups()
    return str(_SLOT_HEADERS[kind]) % {"number": number}


def _language() -> str:
    return "en" if (get_language() or "vi").startswith("en") else "vi"


def _yes_no() -> tuple[str, str]:
    return _YES_NO_WORDS[_language()]


def input_label(spec: InputSpec) -> str:
    label = spec.label.pick(_language()) or spec.code
    return f"{label} ({spec.unit})" if spec.unit else label


# --- typed values ------------------------------------------------------------------------------


def typed_values(indicator: IndicatorDef, raw_values: dict[str, Any]) -> dict[str, Any]:
    """Each input as the engine reads it: typed when valid, as typed when not, None when empty.

    Two sets of values are the same answer when their typed values are equal ("3" and 3).
    """
    typed: dict[str, Any] = {}
    for spec in indicator.inputs:
        raw = raw_values.get(spec.code)
        if is_empty(raw):
            typed[spec.code] = None
            continue
        value, problem = parse_value(spec, raw)
        typed[spec.code] = raw if problem is not None else value
    return typed


def stored_value(spec: InputSpec, value: Any) -> Any:
    """A valid typed value as kept in ``Response.values``: JSON that no language setting can
    misread (numbers as numbers, not "7,5"), in the forms the web form also uses."""
    if value is None:
        return ""
    if spec.kind in NUMERIC_KINDS:
        number = Decimal(value)
        return int(number) if number == number.to_integral_value() else float(number)
    if spec.kind == "boolean":
        return "yes" if value else "no"
    if spec.kind == "date":
        return value.strftime("%d/%m/%Y")
    return str(value)


def display_value(spec: InputSpec, value: Any) -> str:
    """A typed value (or invalid text) for the preview page, in the active language."""
    if value is None:
        return "—"
    if spec.kind == "choice":
        choice = spec.choice(str(value))
        return (choice.label.pick(_language()) or choice.value) if choice else str(value)
    return ui_renderer().value(value)


# --- writing -----------------------------------------------------------------------------------


def form_filename(assessment: Assessment) -> str:
    return f"DTI-{assessment.campaign.year}-{assessment.agency.code}.xlsx"


def write_form(assessment: Assessment) -> bytes:
    """The self-assessment form of ``assessment`` as an .xlsx file, in the active language."""
    definition = framework_definition(assessment.framework)
    responses = list(assessment.responses.select_related("indicator").order_by("indicator__order"))
    score = score_assessment(assessment, responses)
    keys = column_keys(input_slots(definition))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_FORM
    sheet.append([column_header(key) for key in keys])
    sheet.append(keys)
    validations = _Validations(sheet)
    for response in responses:
        indicator = definition.indicator(response.indicator.code)
        row_number = sheet.max_row + 1
        _write_row(
            sheet,
            row_number,
            keys,
            indicator,
            response,
            score.indicators[indicator.code],
            validations,
        )
    validations.attach()
    _style_form(sheet, keys)
    _write_help(workbook.create_sheet(SHEET_HELP), assessment)
    return workbook_bytes(workbook)


def _write_row(
    sheet,
    row_number: int,
    keys: list[str],
    indicator: IndicatorDef,
    response: Response,
    indicator_score,
    validations: _Validations,
) -> None:
    def cell(key: str):
        return sheet.cell(row=row_number, column=keys.index(key) + 1)

    cell("code").value = indicator.code
    cell("name").value = indicator.name.pick(_language())
    cell("max_points").value = _number_cell(indicator.max_points)
    typed = typed_values(indicator, response.values)
    for number, spec in enumerate(indicator.inputs, start=1):
        cell(f"input_{number}").value = input_label(spec)
        cell(f"input_code_{number}").value = spec.code
        value_cell = cell(f"value_{number}")
        value_cell.value = _value_cell(spec, typed[spec.code])
        if spec.kind == "date":
            value_cell.number_format = "dd/mm/yyyy"
        value_cell.protection = _UNLOCKED
        value_cell.fill = _VALUE_FILL
        validations.add(value_cell, spec)
    not_applicable = cell("not_applicable")
    if indicator.may_be_not_applicable:
        not_applicable.value = _yes_no()[0] if response.not_applicable else None
        not_applicable.protection = _UNLOCKED
        not_applicable.fill = _VALUE_FILL
        validations.add_yes_no(not_applicable)
    else:
        not_applicable.fill = _READ_ONLY_FILL
    note = cell("note")
    note.value = response.note or None
    note.protection = _UNLOCKED
    validations.add_note(note)
    if indicator_score.applicable:
        cell("points").value = _number_cell(indicator_score.points)


def _number_cell(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _value_cell(spec: InputSpec, value: Any) -> Any:
    """What to prefill: typed values as Excel types; invalid saved text as it was typed."""
    if spec.kind == "choice":
        return None if value is None else display_value(spec, value)
    if value is None or isinstance(value, str):
        return value
    if spec.kind in NUMERIC_KINDS:
        return _number_cell(Decimal(value))
    if spec.kind == "boolean":
        yes, no = _yes_no()
        return yes if value else no
    return value


class _Validations:
    """Excel data validations, one per distinct rule, each covering every cell it applies to."""

    def __init__(self, sheet) -> None:
        self.sheet = sheet
        self.by_rule: dict[tuple, DataValidation] = {}

    def add(self, cell, spec: InputSpec) -> None:
        self._add(cell, _input_rule(spec))

    def add_yes_no(self, cell) -> None:
        self._add(cell, _list_rule(_yes_no(), gettext("Choose from the list.")))

    def add_note(self, cell) -> None:
        limit = gettext("At most %(limit)s characters.") % {"limit": MAX_NOTE_LENGTH}
        self._add(
            cell,
            {
                "type": "textLength",
                "operator": "lessThanOrEqual",
                "formula1": str(MAX_NOTE_LENGTH),
                "prompt": limit,
            },
        )

    def _add(self, cell, rule: dict | None) -> None:
        if rule is None:  # a list too long for Excel: the upload still checks the value
            return
        key = tuple(sorted(rule.items()))
        if key not in self.by_rule:
            prompt = rule.pop("prompt")
            self.by_rule[key] = DataValidation(
                allow_blank=True,
                showInputMessage=True,
                showErrorMessage=True,
                promptTitle=gettext("How to fill")[:32],
                prompt=prompt[:255],
                errorTitle=gettext("Value not accepted")[:32],
                error=prompt[:255],
                **rule,
            )
        self.by_rule[key].add(cell)

    def attach(self) -> None:
        for validation in self.by_rule.values():
            self.sheet.add_data_validation(validation)


def _input_rule(spec: InputSpec) -> dict | None:
    if spec.kind == "boolean":
        return _list_rule(_yes_no(), gettext("Choose from the list."))
    if spec.kind == "choice":
        labels = [choice.label.pick(_language()) or choice.value for choice in spec.choices]
        return _list_rule(labels, gettext("Choose from the list."))
    if spec.kind == "date":
        lower = spec.lower_bound or datetime.date(1900, 1, 1)
        upper = spec.upper_bound or datetime.date(9999, 12, 31)
        prompt = gettext("Enter a date as dd/mm/yyyy.") + _bounds_text(spec)
        return {
            "type": "date",
            "operator": "between",
            "formula1": _excel_date(lower),
            "formula2": _excel_date(upper),
            "prompt": prompt,
        }
    lower = spec.lower_bound if spec.lower_bound is not None else Decimal(0)
    upper = spec.upper_bound
    if spec.kind == "integer":
        prompt = gettext("Enter a whole number.")
        rule = {"type": "whole", "formula1": str(math.ceil(lower))}
        if upper is not None:
            rule["formula2"] = str(math.floor(upper))
    else:
        prompt = (
            gettext("Enter a percentage (85 means 85 %).")
            if spec.kind == "percent"
            else gettext("Enter a number.")
        )
        rule = {"type": "decimal", "formula1": str(lower)}
        if upper is not None:
            rule["formula2"] = str(upper)
    rule["operator"] = "between" if "formula2" in rule else "greaterThanOrEqual"
    rule["prompt"] = prompt + _bounds_text(spec, lower)
    return rule


def _list_rule(options: Iterable[str], prompt: str) -> dict | None:
    """A drop-down list; Excel's inline lists cannot hold commas or more than 255 characters."""
    options = list(options)
    text = ",".join(options)
    if any("," in option or '"' in option for option in options) or len(text) > 250:
        return None
    return {"type": "list", "formula1": f'"{text}"', "prompt": prompt}


def _bounds_text(spec: InputSpec, lower: Any = None) -> str:
    lower = spec.lower_bound if lower is None else lower
    upper = spec.upper_bound

    def shown(value: Any) -> str:
        if isinstance(value, datetime.date):
            return value.strftime("%d/%m/%Y")
        return format_number(value)

    if lower is not None and upper is not None:
        return " " + gettext("From %(minimum)s to %(maximum)s.") % {
            "minimum": shown(lower),
            "maximum": shown(upper),
        }
    if lower is not None:
        return " " + gettext("At least %(minimum)s.") % {"minimum": shown(lower)}
    if upper is not None:
        return " " + gettext("At most %(maximum)s.") % {"maximum": shown(upper)}
    return ""


def _excel_date(value: datetime.date) -> str:
    return f"DATE({value.year},{value.month},{value.day})"


def _style_form(sheet, keys: list[str]) -> None:
    widths = {
        "code": 8,
        "name": 48,
        "max_points": 9,
        "not_applicable": 13,
        "note": 40,
        "points": 10,
    }
    for index, key in enumerate(keys, start=1):
        letter = get_column_letter(index)
        header = sheet.cell(row=HEADER_ROW, column=index)
        header.font, header.fill = _HEADER_FONT, _HEADER_FILL
        header.alignment = Alignment(vertical="top", wrap_text=True)
        kind = _SLOT_KEY.match(key)
        if kind and kind.group(1) == "input_code":
            sheet.column_dimensions[letter].hidden = True
        width = widths.get(key) or (30 if kind and kind.group(1) == "input" else 14)
        sheet.column_dimensions[letter].width = width
        if key in ("name", "note") or (kind and kind.group(1) == "input"):
            for row in range(FIRST_DATA_ROW, sheet.max_row + 1):
                sheet.cell(row=row, column=index).alignment = Alignment(
                    vertical="top", wrap_text=True
                )
    sheet.row_dimensions[KEY_ROW].hidden = True
    sheet.freeze_panes = sheet.cell(row=FIRST_DATA_ROW, column=keys.index("max_points") + 2)
    # Locks the code, name, label and points cells against slips; no password, so anyone who
    # really needs to can lift it. Resizing, formatting and filtering stay allowed.
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.protection.formatCells = False
    sheet.protection.autoFilter = False


def _write_help(sheet, assessment: Assessment) -> None:
    window = editing_window(assessment)
    sheet.append([gettext("Self-assessment form — %(agency)s") % {"agency": assessment.agency}])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([f"{assessment.campaign} · {assessment.framework}"])
    if window.closes_at:
        deadline = timezone.localtime(window.closes_at).strftime("%d/%m/%Y %H:%M")
        sheet.append([gettext("Deadline: %(deadline)s") % {"deadline": deadline}])
    downloaded = timezone.localtime().strftime("%d/%m/%Y %H:%M")
    sheet.append([gettext("Downloaded on %(when)s") % {"when": downloaded}])
    sheet.append([])
    for number, line in enumerate(HELP_LINES, start=1):
        sheet.append([f"{number}. {line}"])
    sheet.column_dimensions["A"].width = 120
    for row in sheet.iter_rows(min_row=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")


# --- reading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormProblem:
    """One reason an upload was refused, and where: sheet, row and column letter when known."""

    sheet: str
    row: int | None
    column: str
    reason: str

    def __str__(self) -> str:
        place = ", ".join(str(part) for part in (self.sheet, self.row, self.column) if part)
        return f"{place}: {self.reason}" if place else self.reason


class FormRejected(Exception):
    def __init__(self, problems: list[FormProblem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


@dataclass
class FormRow:
    """One indicator row of an uploaded form: the values to store, all valid."""

    code: str
    row: int
    values: dict[str, Any]
    not_applicable: bool
    note: str


def upload_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_form(assessment: Assessment, data: bytes) -> list[FormRow]:
    """Every indicator row of an uploaded form, or ``FormRejected`` listing every problem."""
    return _FormReader(assessment).read(data)


class _FormReader:
    def __init__(self, assessment: Assessment) -> None:
        self.definition = framework_definition(assessment.framework)
        self.known_codes = {indicator.code for indicator in self.definition.indicators()}
        self.applicable = set(assessment.responses.values_list("indicator__code", flat=True))
        self.keys = column_keys(input_slots(self.definition))
        self.problems: list[FormProblem] = []
        self.columns: dict[str, int] = {}  # key -> 0-based index in a row

    def read(self, data: bytes) -> list[FormRow]:
        workbook = self._open(data)
        if workbook is None:
            raise FormRejected(self.problems)
        try:
            rows = self._read_sheet(workbook[SHEET_FORM])
        finally:
            workbook.close()
        if self.problems:
            raise FormRejected(self.problems)
        return rows

    def _file_problem(self, reason: str) -> None:
        self.problems.append(FormProblem("", None, "", reason))

    def _add(self, row: int | None, column: int | None, reason: str) -> None:
        letter = get_column_letter(column + 1) if column is not None else ""
        self.problems.append(FormProblem(SHEET_FORM, row, letter, reason))

    def _open(self, data: bytes):
        if len(data) > MAX_FILE_BYTES:
            self._file_problem(
                gettext("The file is larger than %(limit)s MB.")
                % {"limit": MAX_FILE_BYTES // (1024 * 1024)}
            )
            return None
        if not looks_like_xlsx(data, MAX_UNPACKED_BYTES):
            self._file_problem(
                gettext(
                    "The file is not an Excel workbook (.xlsx). Download the "
                    "form from this page and fill that file in."
                )
            )
            return None
        try:
            check_no_document_type(data)
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except XmlDeclarationRefused as refusal:
            self._file_problem(
                gettext("The workbook cannot be read: %(reason)s.") % {"reason": refusal}
            )
            return None
        except Exception:  # openpyxl raises many kinds of errors for a damaged file
            self._file_problem(gettext("The workbook cannot be read; it may be damaged."))
            return None
        if SHEET_FORM not in workbook.sheetnames:
            self.problems.append(
                FormProblem(
                    SHEET_FORM,
                    None,
                    "",
                    gettext("The sheet “%(sheet)s” is missing.") % {"sheet": SHEET_FORM},
                )
            )
            workbook.close()
            return None
        return workbook

    def _read_sheet(self, sheet) -> list[FormRow]:
        width = len(self.keys) + EXTRA_COLUMNS_READ
        last_row = FIRST_DATA_ROW + MAX_DATA_ROWS
        found: list[FormRow] = []
        seen: dict[str, int] = {}
        reported_columns: set[int] = set()
        for row_number, cells in enumerate(
            sheet.iter_rows(min_row=1, max_row=last_row, max_col=width), start=1
        ):
            if row_number == KEY_ROW:
                if not self._read_keys(cells):
                    return []
                continue
            if row_number < FIRST_DATA_ROW or not any(_has_value(cell) for cell in cells):
                continue
            if row_number == last_row:
                self._add(
                    None,
                    None,
                    gettext("The form has more than %(limit)s rows.") % {"limit": MAX_DATA_ROWS},
                )
                break
            self._check_stray_cells(row_number, cells, reported_columns)
            row = self._read_row(row_number, cells, seen)
            if row is not None:
                found.append(row)
        if not self.columns:
            self._add(KEY_ROW, None, str(_NOT_THE_FORM))
        elif not found and not self.problems:
            self._add(None, None, gettext("The form has no indicator rows."))
        return found

    def _read_keys(self, cells) -> bool:
        """Map the hidden technical names to columns; ``False`` when they are not the form's."""
        if not any(_text(cell.value) in self.keys for cell in cells):
            self._add(KEY_ROW, None, str(_NOT_THE_FORM))
            return False
        columns: dict[str, int] = {}
        for index, cell in enumerate(cells):
            key = _text(cell.value)
            if not key:
                continue
            if key not in self.keys:
                self._add(
                    KEY_ROW,
                    index,
                    gettext("This column is not part of the form (technical name “%(key)s”).")
                    % {"key": key},
                )
            elif key in columns:
                self._add(
                    KEY_ROW,
                    index,
                    gettext("The column “%(column)s” appears twice.")
                    % {"column": column_header(key)},
                )
            else:
                columns[key] = index
        for position, key in enumerate(self.keys):
            if key not in columns:
                self._add(
                    KEY_ROW,
                    position,
                    gettext(
                        "The column “%(column)s” is missing. Download the form again and copy "
                        "your values into it."
                    )
                    % {"column": column_header(key)},
                )
        self.columns = columns
        return not self.problems

    def _check_stray_cells(self, row_number: int, cells, reported: set[int]) -> None:
        """Values typed outside the form's columns would be lost silently: refuse them."""
        known = set(self.columns.values())
        for index, cell in enumerate(cells):
            if index not in known and index not in reported and _has_value(cell):
                reported.add(index)
                self._add(row_number, index, gettext("This cell is outside the form's columns."))

    def _cell(self, cells, key: str):
        index = self.columns[key]
        return cells[index] if index < len(cells) else None

    def _read_row(self, row_number: int, cells, seen: dict[str, int]) -> FormRow | None:
        code_index = self.columns["code"]
        code_cell = self._cell(cells, "code")
        raw_code = code_cell.value if code_cell is not None else None
        if isinstance(raw_code, int | float | Decimal) and not isinstance(raw_code, bool):
            self._add(
                row_number,
                code_index,
                gettext(
                    "The indicator code must be text, as in the downloaded form (a number cannot "
                    "tell 6.1 from 6.10)."
                ),
            )
            return None
        code = _text(raw_code)
        if not code:
            self._add(row_number, code_index, gettext("The indicator code is missing."))
            return None
        if code not in self.known_codes:
            self._add(
                row_number, code_index, gettext("Unknown indicator code %(code)s.") % {"code": code}
            )
            return None
        if code not in self.applicable:
            self._add(
                row_number,
                code_index,
                gettext("The indicator %(code)s does not apply to this agency.") % {"code": code},
            )
            return None
        if code in seen:
            self._add(
                row_number,
                code_index,
                gettext("The indicator %(code)s already appears on row %(row)s.")
                % {"code": code, "row": seen[code]},
            )
            return None
        seen[code] = row_number
        indicator = self.definition.indicator(code)
        problems_before = len(self.problems)
        not_applicable = self._read_not_applicable(row_number, cells, indicator)
        values = self._read_values(row_number, cells, indicator)
        note = self._read_note(row_number, cells)
        if len(self.problems) > problems_before:
            return None
        return FormRow(
            code=code, row=row_number, values=values, not_applicable=not_applicable, note=note
        )

    def _read_not_applicable(self, row_number: int, cells, indicator: IndicatorDef) -> bool:
        index = self.columns["not_applicable"]
        cell = self._cell(cells, "not_applicable")
        raw = cell.value if cell is not None else None
        if is_empty(raw):
            return False
        value, problem = parse_value(_NOT_APPLICABLE_SPEC, raw)
        if problem is not None:
            self._add(row_number, index, problem.render(ui_renderer()))
            return False
        if value and not indicator.may_be_not_applicable:
            self._add(
                row_number,
                index,
                gettext("The indicator %(code)s cannot be declared not applicable.")
                % {"code": indicator.code},
            )
        return bool(value)

    def _read_values(self, row_number: int, cells, indicator: IndicatorDef) -> dict[str, Any]:
        """Map the value cells to input codes, then check them all with the engine's rules."""
        raw_values: dict[str, Any] = {}
        value_columns: dict[str, int] = {}
        slots = len([key for key in self.keys if key.startswith("value_")])
        for number in range(1, slots + 1):
            code_cell = self._cell(cells, f"input_code_{number}")
            value_cell = self._cell(cells, f"value_{number}")
            input_code = _text(code_cell.value if code_cell is not None else None)
            value_index = self.columns[f"value_{number}"]
            if not input_code:
                if value_cell is not None and _has_value(value_cell):
                    self._add(
                        row_number,
                        value_index,
                        gettext(
                            "The indicator %(code)s has only %(count)s input(s): leave this cell "
                            "empty."
                        )
                        % {"code": indicator.code, "count": len(indicator.inputs)},
                    )
                continue
            spec = indicator.input(input_code)
            code_index = self.columns[f"input_code_{number}"]
            if spec is None:
                self._add(
                    row_number,
                    code_index,
                    gettext("“%(input)s” is not an input of indicator %(code)s.")
                    % {"input": input_code, "code": indicator.code},
                )
                continue
            if input_code in value_columns:
                self._add(
                    row_number,
                    code_index,
                    gettext("The input “%(input)s” appears twice in this row.")
                    % {"input": input_code},
                )
                continue
            value_columns[input_code] = value_index
            raw_values[input_code] = self._raw_value(row_number, value_index, spec, value_cell)
        for spec in indicator.inputs:
            if spec.code not in value_columns:
                self._add(
                    row_number,
                    None,
                    gettext(
                        "The input “%(input)s” of indicator %(code)s has no column in this row."
                    )
                    % {"input": input_label(spec), "code": indicator.code},
                )
        return self._checked_values(row_number, indicator, raw_values, value_columns)

    def _raw_value(self, row_number: int, index: int, spec: InputSpec, cell) -> Any:
        raw = cell_value(spec, cell)
        if isinstance(raw, str) and len(raw) > MAX_VALUE_LENGTH:
            self._add(
                row_number,
                index,
                gettext("The value is longer than %(limit)s characters.")
                % {"limit": MAX_VALUE_LENGTH},
            )
            return ""
        return raw

    def _checked_values(
        self,
        row_number: int,
        indicator: IndicatorDef,
        raw_values: dict[str, Any],
        columns: dict[str, int],
    ) -> dict[str, Any]:
        # Cells typed as text follow the interface language's separators ("7,5" in Vietnamese).
        raw_values = normalized_values(indicator, raw_values)
        # Scored as applicable so that values kept alongside "not applicable" are checked too.
        score = score_response(indicator, raw_values, False)
        renderer = ui_renderer()
        for input_code, messages in score.errors.items():
            for message in messages:
                self._add(row_number, columns.get(input_code), message.render(renderer))
        if score.errors:
            return {}
        typed = typed_values(indicator, raw_values)
        return {
            spec.code: stored_value(spec, typed[spec.code])
            for spec in indicator.inputs
            if spec.code in raw_values
        }

    def _read_note(self, row_number: int, cells) -> str:
        cell = self._cell(cells, "note")
        note = _text(cell.value if cell is not None else None)
        if len(note) > MAX_NOTE_LENGTH:
            self._add(
                row_number,
                self.columns["note"],
                gettext("The note is longer than %(limit)s characters.")
                % {"limit": MAX_NOTE_LENGTH},
            )
        return note


def cell_value(spec: InputSpec, cell) -> Any:
    """An Excel cell as a raw value for the engine.

    Typed cells are taken as they are (numbers, dates, booleans); numeric text accepts both
    decimal separators ("7.5", "7,5"); a number shown as a percentage (0.85 as 85 %) counts as
    85 for a percent input; a choice may be written as its label in either language.
    """
    value = cell.value if cell is not None else None
    if value is None:
        return ""
    if isinstance(value, str):
        return _text_value(spec, value.strip())
    if isinstance(value, bool):
        return value
    if isinstance(value, datetime.datetime):
        return value.date() if spec.kind == "date" else value.isoformat(sep=" ")
    if isinstance(value, int | float):
        number = Decimal(str(value))
        if spec.kind == "percent" and "%" in (getattr(cell, "number_format", "") or ""):
            number *= 100
        if spec.kind in NUMERIC_KINDS:
            return number
        return format(number.normalize(), "f") if number else "0"
    return value


def _text_value(spec: InputSpec, text: str) -> Any:
    if spec.kind in NUMERIC_KINDS:
        compact = text.replace(" ", "").replace("\u00a0", "")
        if spec.kind == "percent":
            compact = compact.removesuffix("%")
        if _PLAIN_NUMBER.match(compact):
            return Decimal(compact.replace(",", "."))
        return text
    if spec.kind == "choice":
        wanted = text.casefold()
        for choice in spec.choices:
            names = {choice.value, choice.label.vi, choice.label.en}
            if wanted in {name.casefold() for name in names if name}:
                return choice.value
    return text


def _has_value(cell) -> bool:
    return cell is not None and not is_empty(cell.value)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --- preview -----------------------------------------------------------------------------------


@dataclass
class ValueChange:
    label: str
    before: str
    after: str


@dataclass
class IndicatorChange:
    """What an upload changes in one response, with the points before and after."""

    code: str
    name: str
    row: int
    changes: list[ValueChange]
    points_before: Decimal
    points_after: Decimal
    status_before: str
    status_after: str
    max_points: Decimal


def row_changes(indicator: IndicatorDef, response: Response, row: FormRow) -> list[ValueChange]:
    """The values, "not applicable" flag and note that ``row`` changes in ``response``."""
    before = typed_values(indicator, response.values)
    after = typed_values(indicator, row.values)
    changes = [
        ValueChange(
            input_label(spec),
            display_value(spec, before[spec.code]),
            display_value(spec, after[spec.code]),
        )
        for spec in indicator.inputs
        if spec.code in row.values and before[spec.code] != after[spec.code]
    ]
    if response.not_applicable != row.not_applicable:
        yes, no = gettext("yes"), gettext("no")
        changes.append(
            ValueChange(
                gettext("Not applicable"),
                yes if response.not_applicable else no,
                yes if row.not_applicable else no,
            )
        )
    if response.note.strip() != row.note:
        changes.append(ValueChange(gettext("Note"), response.note or "—", row.note or "—"))
    return changes


def form_changes(assessment: Assessment, rows: list[FormRow]) -> list[IndicatorChange]:
    """What applying ``rows`` would change, indicator by indicator, in indicator order."""
    definition = framework_definition(assessment.framework)
    responses = _responses_by_code(assessment)
    found = []
    for row in rows:
        indicator = definition.indicator(row.code)
        response = responses[row.code]
        changes = row_changes(indicator, response, row)
        if not changes:
            continue
        before = score_response(indicator, response.values, response.not_applicable)
        after = score_response(indicator, row.values, row.not_applicable)
        found.append(
            IndicatorChange(
                code=row.code,
                name=indicator.name.pick(_language()),
                row=row.row,
                changes=changes,
                points_before=before.points,
                points_after=after.points,
                status_before=before.status,
                status_after=after.status,
                max_points=indicator.max_points,
            )
        )
    order = {code: index for index, code in enumerate(responses)}
    return sorted(found, key=lambda change: order[change.code])


def _responses_by_code(assessment: Assessment) -> dict[str, Response]:
    responses = assessment.responses.select_related("indicator").order_by("indicator__order")
    return {response.indicator.code: response for response in responses}


# --- applying ----------------------------------------------------------------------------------


@dataclass
class PendingUpload:
    """A checked upload waiting for confirmation, kept in the session between the two requests.

    ``versions`` are the responses' versions at preview time: a response edited meanwhile
    (on the web form) makes the preview stale rather than being overwritten unseen.
    """

    digest: str
    rows: list[FormRow]
    versions: dict[str, int] = field(default_factory=dict)

    @classmethod
    def prepare(cls, assessment: Assessment, digest: str, rows: list[FormRow]) -> PendingUpload:
        versions = dict(assessment.responses.values_list("indicator__code", "version"))
        return cls(digest, rows, {row.code: versions[row.code] for row in rows})

    def to_session(self) -> dict:
        return {
            "digest": self.digest,
            "rows": [asdict(row) for row in self.rows],
            "versions": self.versions,
        }

    @classmethod
    def from_session(cls, data: dict) -> PendingUpload:
        return cls(data["digest"], [FormRow(**row) for row in data["rows"]], data["versions"])


def session_key(assessment: Assessment) -> str:
    return f"assessments.excel_upload.{assessment.pk}"


class StaleUpload(Exception):
    """A response changed between the preview and the confirmation."""

    def __init__(self, code: str):
        self.code = code
        super().__init__(
            gettext(
                "Indicator %(code)s was changed after the preview. Nothing was applied: upload the "
                "file again to see the changes against the current values."
            )
            % {"code": code}
        )


@transaction.atomic
def apply_form(assessment: Assessment, pending: PendingUpload, by) -> int:
    """Save every changed response of a checked upload, all in one transaction, or none.

    Raises ``EditingClosed`` (deadline passed, submitted meanwhile) or ``StaleUpload``. Each
    response goes through ``save_response`` (audited, totals refreshed); the upload itself is
    audited too. Returns the number of indicators updated.
    """
    assessment = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("campaign", "agency", "framework")
        .get(pk=assessment.pk)
    )
    check_editable(assessment, by)
    definition = framework_definition(assessment.framework)
    responses = _responses_by_code(assessment)
    changed = []
    for row in pending.rows:
        response = responses.get(row.code)
        if response is None or response.version != pending.versions.get(row.code):
            raise StaleUpload(row.code)
        if row_changes(definition.indicator(row.code), response, row):
            changed.append((response, row))
    for response, row in changed:
        save_response(
            response,
            values=row.values,
            not_applicable=row.not_applicable,
            note=row.note,
            by=by,
            source="excel",
        )
    if changed:
        record(
            by,
            "assessment.excel_upload",
            assessment,
            after={
                "file_sha256": pending.digest,
                "indicators": [row.code for _response, row in changed],
            },
        )
    return len(changed)
