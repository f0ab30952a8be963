"""Open data: the published results of a campaign as CSV, JSON and XLSX.

One row per agency of every tier, with the same columns in the three formats (JSON nests the
groups). The files are for machines as much as for people, so the column names are fixed
English identifiers and numbers are written without the interface's number format:

- CSV: UTF-8 with a byte order mark (Excel then reads the Vietnamese names correctly), comma
  separated, decimals with a dot ("0.7955"), booleans as "true"/"false", empty when unknown.
- JSON: a metadata header (campaign, published_at, licence) and ``results``. Points and DTI
  values are **strings of decimals** ("0.7955", "45.00") so that they keep their exact stored
  value; ranks are integers and ``rank_robust`` a boolean (null when not computed).
- XLSX: a "results" sheet with numeric cells (DTI values shown with 4 decimals) and an "about"
  sheet with the same metadata as the JSON header.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from dti.campaigns.models import Campaign
from dti.core.spreadsheets import csv_safe, workbook_bytes

from .models import Result
from .selectors import campaign_results

LICENCE = (
    "Dữ liệu mở: được tự do sử dụng, sao chép, chia sẻ và tái sử dụng, với điều kiện ghi rõ nguồn."
)
NUMBERS_NOTE = (
    'Points and DTI values are strings of decimals with a dot, e.g. "0.7955"; ranks are '
    "integers; rank_robust is true, false or null."
)
BASE_COLUMNS = (
    "campaign_year",
    "tier",
    "agency_code",
    "agency_name",
    "rank",
    "dti_value",
    "points",
    "max_points",
    "self_dti_value",
    "self_points",
    "self_max_points",
    "rank_low",
    "rank_high",
    "leave_one_out_low",
    "leave_one_out_high",
    "rank_robust",
)


@dataclass(frozen=True)
class OpenDataFile:
    content: bytes
    content_type: str
    filename: str


def _code_order(code: str) -> tuple:
    """Group codes in natural order: "2" before "10"."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", code))


def group_codes(results: list[Result]) -> list[str]:
    """Every group code that appears in the campaign (tiers may have different groups)."""
    return sorted({code for result in results for code in result.groups}, key=_code_order)


def group_columns(codes: list[str]) -> list[str]:
    return [f"group_{code}_{field}" for code in codes for field in ("points", "max_points")]


def record(result: Result) -> dict:
    """The open data fields of one result, as Python values (Decimal, int, bool, None)."""
    agency = result.assessment.agency
    return {
        "campaign_year": result.assessment.campaign.year,
        "tier": agency.tier,
        "agency_code": agency.code,
        "agency_name": agency.name,
        "rank": result.rank,
        "dti_value": result.dti_value,
        "points": result.points,
        "max_points": result.max_points,
        "self_dti_value": result.self_dti_value,
        "self_points": result.self_points,
        "self_max_points": result.self_max_points,
        "rank_low": result.rank_low,
        "rank_high": result.rank_high,
        "leave_one_out_low": result.leave_one_out_low,
        "leave_one_out_high": result.leave_one_out_high,
        "rank_robust": result.rank_robust,
        "groups": {
            code: {
                "points": Decimal(group["points"]),
                "max_points": Decimal(group["max_points"]),
            }
            for code, group in result.groups.items()
        },
    }


def _flat(item: dict, codes: list[str]) -> list:
    """A record as one row of cells: the base columns, then points and max of every group
    (None where the agency's framework has no such group)."""
    cells = [item[column] for column in BASE_COLUMNS]
    for code in codes:
        group = item["groups"].get(code)
        cells += [group["points"], group["max_points"]] if group else [None, None]
    return cells


def metadata(campaign: Campaign) -> dict:
    return {
        "campaign": {"id": campaign.pk, "year": campaign.year, "title": campaign.title},
        "published_at": campaign.published_at.isoformat(),
        "publisher": settings.CITY_NAME,
        "licence": LICENCE,
        "numbers": NUMBERS_NOTE,
    }


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return csv_safe(str(value))


def as_csv(campaign: Campaign, results: list[Result]) -> bytes:
    codes = group_codes(results)
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow([*BASE_COLUMNS, *group_columns(codes)])
    for result in results:
        writer.writerow([_csv_cell(value) for value in _flat(record(result), codes)])
    return output.getvalue().encode("utf-8-sig")


def _json_value(value):
    return str(value) if isinstance(value, Decimal) else value


def as_json(campaign: Campaign, results: list[Result]) -> bytes:
    rows = []
    for result in results:
        item = record(result)
        row = {column: _json_value(item[column]) for column in BASE_COLUMNS}
        row["groups"] = {
            code: {field: str(value) for field, value in group.items()}
            for code, group in sorted(item["groups"].items(), key=lambda pair: _code_order(pair[0]))
        }
        rows.append(row)
    document = {**metadata(campaign), "results": rows}
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def _number_format(column: str) -> str | None:
    if column.endswith("dti_value"):
        return "0.0000"
    if column.endswith("points"):
        return "0.00"
    return None


def as_xlsx(campaign: Campaign, results: list[Result]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    codes = group_codes(results)
    columns = [*BASE_COLUMNS, *group_columns(codes)]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "results"
    sheet.append(columns)
    for result in results:
        sheet.append(_flat(record(result), codes))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(columns, start=1):
        number_format = _number_format(column)
        if number_format:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = number_format
    sheet.freeze_panes = "A2"
    about = workbook.create_sheet("about")
    info = metadata(campaign)
    about.append(["campaign", info["campaign"]["title"]])
    about.append(["campaign_year", info["campaign"]["year"]])
    for key in ("published_at", "publisher", "licence"):
        about.append([key, info[key]])
    return workbook_bytes(workbook)


WRITERS = {
    "csv": (as_csv, "text/csv; charset=utf-8"),
    "json": (as_json, "application/json; charset=utf-8"),
    "xlsx": (as_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


def open_data_file(campaign: Campaign, fmt: str) -> OpenDataFile:
    """The published results of ``campaign`` in ``fmt`` (one of ``WRITERS``)."""
    writer, content_type = WRITERS[fmt]
    content = writer(campaign, campaign_results(campaign))
    return OpenDataFile(content, content_type, f"dti-{campaign.year}-{campaign.pk}.{fmt}")
