"""Exports of the PAR Index points (for the Department of Home Affairs) and the award proposals.

Their texts go through gettext and the views render them in Vietnamese, the language of the
official documents, whatever the interface language (``outcome_views.DOCUMENT_LANGUAGE``).

The workbooks open with title rows naming what the table is and the rule that produced it, then
one header row and the data; numbers stay numbers. The CSV files hold the same table without
the title rows (one header row, dot decimals, UTF-8 with a byte-order mark so that Excel reads
Vietnamese correctly).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from dti.campaigns.models import Campaign
from dti.core.formatting import format_number
from dti.core.spreadsheets import csv_safe
from dti.core.spreadsheets import workbook_bytes as safe_workbook_bytes

from .models import AwardRule, ParIndexRule
from .outcomes import ParTable, TierAwards, describe_award_rule, describe_par_rule

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
DTI_FORMAT = "0.0000"
POINTS_FORMAT = "0.00"
# A cell starting with one of these is a formula to a spreadsheet; data never is.


@dataclass(frozen=True)
class Column:
    header: str
    number_format: str = ""
    width: int = 14


@dataclass(frozen=True)
class Sheet:
    name: str
    title_lines: list[str]
    columns: list[Column]
    rows: list[list[Any]]


def _write_sheet(sheet, spec: Sheet) -> None:
    sheet.title = spec.name[:31]
    for position, line in enumerate(spec.title_lines):
        sheet.append([line])
        if position == 0:
            sheet.cell(sheet.max_row, 1).font = Font(bold=True, size=13)
    # One empty row between the title lines and the table.
    header_row = len(spec.title_lines) + 2 if spec.title_lines else 1
    for index, column in enumerate(spec.columns, start=1):
        cell = sheet.cell(header_row, index, column.header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8F0F8")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    for offset, row in enumerate(spec.rows, start=1):
        for index, (column, value) in enumerate(zip(spec.columns, row, strict=True), start=1):
            cell = sheet.cell(header_row + offset, index, value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula
                cell.alignment = Alignment(wrap_text=len(value) > column.width, vertical="top")
            elif column.number_format:
                cell.number_format = column.number_format
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)


def workbook_bytes(sheets: Sequence[Sheet], title: str) -> bytes:
    workbook = Workbook()
    workbook.properties.title = title
    for position, spec in enumerate(sheets):
        sheet = workbook.active if position == 0 else workbook.create_sheet()
        _write_sheet(sheet, spec)
    return safe_workbook_bytes(workbook)


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return csv_safe(str(value))


def csv_bytes(columns: Sequence[Column], rows: Sequence[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column.header for column in columns])
    writer.writerows([_csv_text(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


# --- PAR Index ------------------------------------------------------------------------------


def _par_columns(rule: ParIndexRule) -> list[Column]:
    return [
        Column(_("Tier"), width=22),
        Column(_("Rank"), width=8),
        Column(_("Agency code"), width=14),
        Column(_("Agency"), width=40),
        Column(_("DTI value"), DTI_FORMAT, width=12),
        Column(
            _("PAR Index points (maximum {maximum})").format(
                maximum=format_number(rule.component_max)
            ),
            POINTS_FORMAT,
            width=18,
        ),
    ]


def _par_rows(tables: list[ParTable]) -> list[list[Any]]:
    return [
        [
            table.label,
            row.result.rank,
            row.agency.code,
            row.agency.name,
            row.result.dti_value,
            row.points,
        ]
        for table in tables
        for row in table.rows
    ]


def par_workbook(campaign: Campaign, rule: ParIndexRule, tables: list[ParTable]) -> bytes:
    title = _("PAR Index component “{component}” (maximum {maximum}) — {campaign}").format(
        component=rule.component_name,
        maximum=format_number(rule.component_max),
        campaign=campaign.title,
    )
    sheet = Sheet(
        name=_("PAR Index"),
        title_lines=[title, _("Rule: {rule}").format(rule=describe_par_rule(rule))],
        columns=_par_columns(rule),
        rows=_par_rows(tables),
    )
    return workbook_bytes([sheet], title)


def par_csv(rule: ParIndexRule, tables: list[ParTable]) -> bytes:
    return csv_bytes(_par_columns(rule), _par_rows(tables))


# --- Award proposals ------------------------------------------------------------------------


def _proposal_columns() -> list[Column]:
    return [
        Column(_("Tier"), width=22),
        Column(_("Rank"), width=8),
        Column(_("Agency code"), width=14),
        Column(_("Agency"), width=36),
        Column(_("DTI value"), DTI_FORMAT, width=12),
        Column(_("Justification"), width=70),
    ]


def _exclusion_columns() -> list[Column]:
    return [
        Column(_("Tier"), width=22),
        Column(_("Rank"), width=8),
        Column(_("Agency code"), width=14),
        Column(_("Agency"), width=36),
        Column(_("DTI value"), DTI_FORMAT, width=12),
        Column(_("Reason"), width=50),
    ]


def award_workbook(campaign: Campaign, rule: AwardRule, tables: list[TierAwards]) -> bytes:
    title = _("Award proposals — {campaign}").format(campaign=campaign.title)
    rule_line = _("Rule: {rule}").format(rule=describe_award_rule(rule))
    proposals = Sheet(
        name=_("Proposals"),
        title_lines=[title, rule_line],
        columns=_proposal_columns(),
        rows=[
            [
                table.label,
                item.result.rank,
                item.agency.code,
                item.agency.name,
                item.result.dti_value,
                item.justification,
            ]
            for table in tables
            for item in table.proposals
        ],
    )
    exclusions = Sheet(
        name=_("Not proposed"),
        title_lines=[title, _("Agencies that only the zero-indicator condition keeps out.")],
        columns=_exclusion_columns(),
        rows=[
            [
                table.label,
                item.result.rank,
                item.agency.code,
                item.agency.name,
                item.result.dti_value,
                item.reason,
            ]
            for table in tables
            for item in table.exclusions
        ],
    )
    return workbook_bytes([proposals, exclusions], title)


def award_csv(tables: list[TierAwards]) -> bytes:
    columns = [
        Column(_("Tier")),
        Column(_("Proposed")),
        Column(_("Rank")),
        Column(_("Agency code")),
        Column(_("Agency")),
        Column(_("DTI value")),
        Column(_("Justification or reason")),
    ]
    rows = []
    for table in tables:
        rows += [
            [
                table.label,
                _("yes"),
                item.result.rank,
                item.agency.code,
                item.agency.name,
                item.result.dti_value,
                item.justification,
            ]
            for item in table.proposals
        ]
        rows += [
            [
                table.label,
                _("no"),
                item.result.rank,
                item.agency.code,
                item.agency.name,
                item.result.dti_value,
                item.reason,
            ]
            for item in table.exclusions
        ]
    return csv_bytes(columns, rows)
