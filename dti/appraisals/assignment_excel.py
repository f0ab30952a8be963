"""The assignment matrix as an Excel workbook: exported, edited offline and imported back.

Layout of the sheet “Phân công”: row 1 holds the department codes (from column D on) and row 2
their names; from row 3 one row per indicator — group, code, name — with “x” where the
department appraises the indicator. On import any non-empty cell means “assigned”. The file
decides the cells it covers (its indicator rows × its department columns); assignments outside
them stay as they are, so deleting rows or columns to work on a part of the matrix loses
nothing. The whole file is checked before anything changes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext, gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from dti.agencies.models import Agency
from dti.core.spreadsheets import workbook_bytes
from dti.core.xlsx import XmlDeclarationRefused, check_no_document_type, looks_like_xlsx
from dti.frameworks.models import Framework

from .assignment_selectors import Pair, assigned_pairs, assignment_grid, is_eligible
from .services import set_assignments

SHEET_MATRIX = "Phân công"
SHEET_HELP = "Hướng dẫn"
CODE_ROW = 1
NAME_ROW = 2
FIRST_DATA_ROW = 3
CODE_COLUMN = 2  # B; A is the group and C the indicator's name, both for the reader only
FIRST_DEPARTMENT_COLUMN = 4  # D
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # a small .xlsx that unpacks to more is not this matrix
MAX_ROWS = 1000  # frameworks have fewer than 100 indicators
MAX_COLUMNS = 300  # and there are a few dozen appraising departments
MARK = "x"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_NAME_FILL = PatternFill("solid", fgColor="DDEBF7")
_CENTERED = Alignment(horizontal="center", vertical="center")

HELP_LINES = (
    gettext_lazy(
        "The sheet “Phân công” lists the framework's indicators, one per row, and the "
        "appraising departments, one per column: row 1 holds each department's code, row 2 "
        "its name."
    ),
    gettext_lazy(
        "Put “x” in a cell when the department appraises the indicator; leave the cell empty "
        "when it does not. Any other mark (X, 1, ✓) also means “appraises”."
    ),
    gettext_lazy(
        "Do not change the codes in row 1 and in column B. To add a department, add a column "
        "with its code in row 1: it must be an appraising unit active in the framework's year. "
        "Do not delete row 2."
    ),
    gettext_lazy(
        "You may delete rows or columns: the assignments of the indicators and departments "
        "that are not in the file stay as they are."
    ),
    gettext_lazy(
        "To import, open the framework's appraising departments page and choose “Import "
        "Excel”. The whole file is checked first: if anything is wrong nothing changes, and "
        "every problem is listed with its sheet, row and column."
    ),
)


# --- writing -----------------------------------------------------------------------------------


def export_filename(framework: Framework) -> str:
    return f"phan-cong-tham-dinh-{framework.code}-v{framework.version}.xlsx"


def write_assignments(framework: Framework) -> bytes:
    """The framework's assignment matrix as an .xlsx file (headers in the active language)."""
    grid = assignment_grid(framework)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_MATRIX
    sheet.append(
        [gettext("Group"), gettext("Code"), gettext("Indicator")]
        + [column.department.code for column in grid.columns]
    )
    sheet.append(
        ["", "", gettext("Department →")] + [column.department.name for column in grid.columns]
    )
    for group in grid.groups:
        group_label = f"{group.group.code}. {group.group.name}"
        for row in group.rows:
            sheet.append(
                [group_label, row.indicator.code, row.indicator.name]
                + [MARK if cell.assigned else None for cell in row.cells]
            )
    _style_matrix(sheet, len(grid.columns))
    _write_help(workbook.create_sheet(SHEET_HELP), framework)
    return workbook_bytes(workbook)


def _style_matrix(sheet, department_count: int) -> None:
    for cell in sheet[CODE_ROW]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = _CENTERED
    for cell in sheet[NAME_ROW]:
        cell.fill = _NAME_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="center")
    sheet.row_dimensions[NAME_ROW].height = 60
    # Text format keeps a retyped code such as 6.10 from becoming the number 6.1.
    for (cell,) in sheet.iter_rows(min_row=FIRST_DATA_ROW, min_col=CODE_COLUMN, max_col=2):
        cell.number_format = "@"
    for row in sheet.iter_rows(min_row=FIRST_DATA_ROW, min_col=FIRST_DEPARTMENT_COLUMN):
        for cell in row:
            cell.alignment = _CENTERED
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 8
    sheet.column_dimensions["C"].width = 60
    for index in range(department_count):
        sheet.column_dimensions[get_column_letter(FIRST_DEPARTMENT_COLUMN + index)].width = 12
    sheet.freeze_panes = sheet.cell(FIRST_DATA_ROW, FIRST_DEPARTMENT_COLUMN)


def _write_help(sheet, framework: Framework) -> None:
    sheet.append([f"{framework.title} — {framework.code} v{framework.version}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    for line in HELP_LINES:
        sheet.append([str(line)])
        sheet.cell(sheet.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 110


# --- reading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportProblem:
    """One reason an import was refused, and where: sheet, row and column letter when known."""

    sheet: str
    row: int | None
    column: str
    reason: str

    def __str__(self) -> str:
        place = " / ".join(str(part) for part in (self.sheet, self.row, self.column) if part)
        return f"{place}: {self.reason}" if place else self.reason


class ImportRejected(Exception):
    def __init__(self, problems: list[ImportProblem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


@dataclass(frozen=True)
class ImportedMatrix:
    """What a valid file says: the cells it covers and which of them are marked."""

    indicator_ids: frozenset[int]
    department_ids: frozenset[int]
    pairs: frozenset[Pair]


@dataclass(frozen=True)
class ImportSummary:
    added: int
    removed: int


def read_assignments(framework: Framework, data: bytes) -> ImportedMatrix:
    """The matrix an uploaded file describes, or ``ImportRejected`` listing every problem."""
    return _MatrixReader(framework).read(data)


@transaction.atomic
def import_assignments(framework: Framework, data: bytes, by) -> ImportSummary:
    """Check the whole file, then replace the assignments of the cells it covers in one
    change (audited by ``set_assignments``); nothing changes if any cell is wrong."""
    matrix = read_assignments(framework, data)
    current = assigned_pairs(framework)
    kept = {
        pair
        for pair in current
        if pair[0] not in matrix.indicator_ids or pair[1] not in matrix.department_ids
    }
    wanted = kept | set(matrix.pairs)
    set_assignments(framework, wanted, by)
    return ImportSummary(added=len(wanted - current), removed=len(current - wanted))


class _MatrixReader:
    def __init__(self, framework: Framework) -> None:
        self.framework = framework
        self.indicators = {item.code: item.pk for item in framework.indicators.all()}
        self.problems: list[ImportProblem] = []
        self.departments: dict[int, int] = {}  # 1-based column → department id
        self.rejected_columns: set[int] = set()  # a header already reported as a problem

    def read(self, data: bytes) -> ImportedMatrix:
        workbook = self._open(data)
        if workbook is None:
            raise ImportRejected(self.problems)
        try:
            matrix = self._read_sheet(workbook[SHEET_MATRIX])
        finally:
            workbook.close()
        if self.problems:
            raise ImportRejected(self.problems)
        return matrix

    def _add(self, row: int | None, column: int | None, reason: str) -> None:
        letter = get_column_letter(column) if column is not None else ""
        self.problems.append(ImportProblem(SHEET_MATRIX, row, letter, reason))

    def _file_problem(self, reason: str) -> None:
        self.problems.append(ImportProblem("", None, "", reason))

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
                    "The file is not an Excel workbook (.xlsx). Export the matrix from this "
                    "page and edit that file."
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
        if SHEET_MATRIX not in workbook.sheetnames:
            workbook.close()
            self.problems.append(
                ImportProblem(
                    SHEET_MATRIX,
                    None,
                    "",
                    gettext("The sheet “%(sheet)s” is missing.") % {"sheet": SHEET_MATRIX},
                )
            )
            return None
        return workbook

    def _read_sheet(self, sheet) -> ImportedMatrix:
        indicator_rows: dict[int, int] = {}  # indicator id → row where it was first seen
        pairs: set[Pair] = set()
        rows = sheet.iter_rows(max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS, values_only=True)
        for row_number, values in enumerate(rows, start=1):
            values = list(values)
            if row_number == CODE_ROW:
                self._read_department_codes(values)
            elif row_number == NAME_ROW:
                self._check_name_row(values)
            elif row_number > MAX_ROWS:
                if _has_any(values):
                    self._add(
                        row_number,
                        None,
                        gettext("The sheet has more than %(limit)s rows.") % {"limit": MAX_ROWS},
                    )
            elif _has_any(values):
                pairs |= self._read_indicator_row(row_number, values, indicator_rows)
        if not self.departments and not self.problems:
            self._add(
                CODE_ROW,
                FIRST_DEPARTMENT_COLUMN,
                gettext("Row 1 has no department code from column D on."),
            )
        if not indicator_rows and not self.problems:
            self._add(FIRST_DATA_ROW, CODE_COLUMN, gettext("The sheet has no indicator rows."))
        return ImportedMatrix(
            indicator_ids=frozenset(indicator_rows),
            department_ids=frozenset(self.departments.values()),
            pairs=frozenset(pairs),
        )

    def _read_department_codes(self, values: list[Any]) -> None:
        codes = {
            column: _text(value)
            for column, value in enumerate(values, start=1)
            if column >= FIRST_DEPARTMENT_COLUMN and _text(value)
        }
        agencies = {
            agency.code.upper(): agency
            for agency in Agency.objects.filter(
                code__in={code.upper() for code in codes.values()} | set(codes.values())
            )
        }
        first_column: dict[int, int] = {}
        for column, code in codes.items():
            agency = agencies.get(code.upper())
            reason = self._department_problem(code, agency)
            if reason is None and agency.pk in first_column:
                reason = gettext("The department %(code)s already has column %(column)s.") % {
                    "code": agency.code,
                    "column": get_column_letter(first_column[agency.pk]),
                }
            if reason is not None:
                self._add(CODE_ROW, column, reason)
                self.rejected_columns.add(column)
                continue
            first_column[agency.pk] = column
            self.departments[column] = agency.pk

    def _department_problem(self, code: str, agency: Agency | None) -> str | None:
        if agency is None:
            return gettext("Unknown department code “%(code)s”.") % {"code": code}
        if not agency.is_appraising_unit:
            return gettext("%(code)s (%(name)s) is not an appraising unit.") % {
                "code": agency.code,
                "name": agency.name,
            }
        if not is_eligible(agency, self.framework):
            return gettext("%(code)s (%(name)s) is not active in %(year)s.") % {
                "code": agency.code,
                "name": agency.name,
                "year": self.framework.year,
            }
        return None

    def _check_name_row(self, values: list[Any]) -> None:
        """Row 2 holds department names; an indicator code there means it was deleted, and the
        first indicator would otherwise be silently left out."""
        code = _cell_text(values, CODE_COLUMN)
        if code in self.indicators:
            self._add(
                NAME_ROW,
                CODE_COLUMN,
                gettext(
                    "Row 2 holds the department names and is not read; indicator rows start "
                    "at row 3. Put the department names row back."
                ),
            )

    def _read_indicator_row(
        self, row_number: int, values: list[Any], indicator_rows: dict[int, int]
    ) -> set[Pair]:
        code = _cell_text(values, CODE_COLUMN)
        marked = [
            column
            for column, value in enumerate(values, start=1)
            if column >= FIRST_DEPARTMENT_COLUMN and _text(value)
        ]
        for column in marked:
            if column not in self.departments and column not in self.rejected_columns:
                self._add(
                    row_number,
                    column,
                    gettext("A mark in a column without a department code in row 1."),
                )
        if not code:
            if marked:
                self._add(row_number, CODE_COLUMN, gettext("The indicator code is missing."))
            return set()
        indicator_id = self.indicators.get(code)
        if indicator_id is None:
            self._add(
                row_number,
                CODE_COLUMN,
                gettext("Unknown indicator code “%(code)s” in this framework.") % {"code": code},
            )
            return set()
        if indicator_id in indicator_rows:
            self._add(
                row_number,
                CODE_COLUMN,
                gettext("The indicator %(code)s is already in row %(row)s.")
                % {"code": code, "row": indicator_rows[indicator_id]},
            )
            return set()
        indicator_rows[indicator_id] = row_number
        return {
            (indicator_id, self.departments[column])
            for column in marked
            if column in self.departments
        }


def _has_any(values: list[Any]) -> bool:
    return any(_text(value) for value in values)


def _cell_text(values: list[Any], column: int) -> str:
    return _text(values[column - 1]) if len(values) >= column else ""


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
