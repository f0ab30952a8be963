"""Open data: the published results of a campaign as CSV, JSON and XLSX, **one file per tier**.

Each tier is assessed with its own framework, whose groups and indicators differ from the other
tiers' (nine groups for departments, eight for communes; "6.1" is not the same indicator in
both), so columns named after group and indicator codes are only meaningful within one tier.
One row per agency of the tier, with the same columns in the three formats:

- the totals: rank, DTI value, points and max, self-assessed and appraised, the rank intervals;
- the change against the previous year where comparable (``previous_year``,
  ``previous_dti_value``, ``dti_value_change``: through a framework mapping or on the same
  framework, as on the portal);
- ``last_reopened_at``: when the results were last reopened for a correction after
  finalisation (empty when never), so that a row read on its own says it was corrected;
- per group, in the framework's order: ``group_<code>_points``, ``_max_points``, ``_rank``;
- per indicator, in the framework's order: ``indicator_<code>_self_points``, ``_points``
  (appraised), ``_max_points`` (0: does not apply) and ``_change`` (share of the maximum
  against the mapped indicator of the previous year, in percentage points; empty when not
  comparable).

The names of the groups and indicators are in the codebook of the tier (``codebook.csv``; the
"groups" and "indicators" sheets of the XLSX; ``framework`` in the JSON). The files are for
machines as much as for people, so the column names are fixed English identifiers and numbers
are written without the interface's number format:

- CSV: UTF-8 with a byte order mark (Excel then reads the Vietnamese names correctly), comma
  separated, decimals with a dot ("0.7955"), booleans as "true"/"false", empty when unknown;
  a text a spreadsheet would run as a formula is prefixed with "'" (``csv_safe``).
- JSON: a metadata header (campaign, tier, framework with its groups and indicators,
  published_at, the corrections with their date and reason, licence) and ``results``, with
  ``groups`` and ``indicators`` nested per code.
  Points and DTI values are **strings of decimals** ("0.7955", "45.00") so that they keep their
  exact stored value; ranks are integers and ``rank_robust`` a boolean (null when not computed).
- XLSX: a "results" sheet with numeric cells (DTI values shown with 4 decimals), "groups" and
  "indicators" sheets (the codebook) and an "about" sheet with the JSON's metadata (a
  "correction" row per correction: date, reason); every text is a text cell, never a formula.

The open data page of the portal (``public_views.opendata_page``) documents the same.

Each file is built once per publication and kept in Django's cache (``publication_cache``).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from dti.campaigns.models import Campaign, Reopening
from dti.core.spreadsheets import csv_safe, streamed_text, streamed_workbook_bytes
from dti.core.xlsx_rows import RowStream
from dti.frameworks.models import Framework, Group, Indicator

from .models import Result
from .publication_cache import kept
from .selectors import (
    IndicatorChange,
    indicator_changes_of,
    previous_results,
    tier_results,
)

LICENCE = (
    "Dữ liệu mở: được tự do sử dụng, sao chép, chia sẻ và tái sử dụng, với điều kiện ghi rõ nguồn."
)
NUMBERS_NOTE = (
    'Points and DTI values are strings of decimals with a dot, e.g. "0.7955"; ranks are '
    "integers; rank_robust is true, false or null; indicator changes are in percentage points."
)
BASE_COLUMNS = (
    "campaign_year",
    "tier",
    "framework_code",
    "framework_version",
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
    "previous_year",
    "previous_dti_value",
    "dti_value_change",
    "last_reopened_at",
)
GROUP_FIELDS = ("points", "max_points", "rank")
INDICATOR_FIELDS = ("self_points", "points", "max_points", "change")
GROUP_CODEBOOK_COLUMNS = ("code", "name_vi", "name_en", "max_points")
INDICATOR_CODEBOOK_COLUMNS = ("code", "group_code", "name_vi", "name_en", "max_points")
# The CSV codebook holds both, told apart by ``kind`` ("group" rows have no group_code).
CODEBOOK_COLUMNS = ("kind", "code", "group_code", "name_vi", "name_en", "max_points")


@dataclass(frozen=True)
class OpenDataFile:
    content: bytes
    content_type: str
    filename: str


@dataclass(frozen=True)
class Codebook:
    """The framework of a tier: its groups and indicators in order, with their names."""

    framework: Framework
    groups: list[Group]
    indicators: list[Indicator]

    def group_rows(self) -> list[list]:
        return [
            [group.code, group.name_vi, group.name_en, group.max_points] for group in self.groups
        ]

    def indicator_rows(self) -> list[list]:
        return [
            [
                indicator.code,
                indicator.group.code,
                indicator.name_vi,
                indicator.name_en,
                indicator.max_points,
            ]
            for indicator in self.indicators
        ]


@dataclass(frozen=True)
class TierData:
    """Everything the files of one tier hold."""

    campaign: Campaign
    tier: str
    book: Codebook
    records: list[dict]
    reopenings: list[Reopening]  # the corrections after finalisation, oldest first

    @property
    def framework(self) -> Framework:
        return self.book.framework

    @property
    def groups(self) -> list[Group]:
        return self.book.groups

    @property
    def indicators(self) -> list[Indicator]:
        return self.book.indicators

    @property
    def columns(self) -> list[str]:
        return [
            *BASE_COLUMNS,
            *(f"group_{group.code}_{field}" for group in self.groups for field in GROUP_FIELDS),
            *(
                f"indicator_{indicator.code}_{field}"
                for indicator in self.indicators
                for field in INDICATOR_FIELDS
            ),
        ]

    def cells(self, item: dict) -> list:
        """A record as one row of cells, in ``columns`` order (None where the agency has no
        such group or indicator)."""
        cells = [item[column] for column in BASE_COLUMNS]
        for group in self.groups:
            values = item["groups"].get(group.code, {})
            cells += [values.get(field) for field in GROUP_FIELDS]
        for indicator in self.indicators:
            values = item["indicators"].get(indicator.code, {})
            cells += [values.get(field) for field in INDICATOR_FIELDS]
        return cells


def _number(value: str | None) -> Decimal | None:
    return None if value in (None, "") else Decimal(value)


def _record(
    result: Result,
    comparison,
    changes: dict[str, IndicatorChange],
    last_reopened_at: str | None,
) -> dict:
    """The open data fields of one result, as Python values (Decimal, int, bool, None)."""
    agency = result.assessment.agency
    framework = result.assessment.framework
    change = comparison.dti_change(result)
    previous = comparison.previous if change is not None else None
    return {
        "campaign_year": result.assessment.campaign.year,
        "tier": agency.tier,
        "framework_code": framework.code,
        "framework_version": framework.version,
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
        "previous_year": previous.assessment.campaign.year if previous else None,
        "previous_dti_value": previous.dti_value if previous else None,
        "dti_value_change": change,
        "last_reopened_at": last_reopened_at,
        "groups": {
            code: {
                "points": Decimal(group["points"]),
                "max_points": Decimal(group["max_points"]),
                "rank": result.group_ranks.get(code),
            }
            for code, group in result.groups.items()
        },
        "indicators": {
            code: {
                "self_points": _number(item["self_points"]),
                "points": _number(item["points"]),
                "max_points": _number(item["max_points"]),
                "change": changes[code].change,
            }
            for code, item in result.indicators.items()
        },
    }


def codebook(campaign: Campaign, tier: str) -> Codebook:
    """The codebook of the tier's framework (three queries)."""
    link = campaign.campaignframework_set.select_related("framework").get(tier=tier)
    return Codebook(
        framework=link.framework,
        groups=list(Group.objects.filter(framework=link.framework).order_by("order", "pk")),
        indicators=list(
            Indicator.objects.filter(framework=link.framework)
            .select_related("group")
            .order_by("group__order", "order", "pk")
        ),
    )


def tier_data(campaign: Campaign, tier: str) -> TierData:
    """The published results of one tier with their framework's groups and indicators, in a
    fixed number of queries."""
    book = codebook(campaign, tier)
    results = tier_results(campaign, tier)
    for result in results:  # the campaign in hand, rather than one query per result
        result.assessment.campaign = campaign
    comparisons = previous_results(results)
    changes = indicator_changes_of(results, comparisons)
    reopenings = list(campaign.reopenings.all())
    last_reopened_at = reopenings[-1].reopened_at.isoformat() if reopenings else None
    return TierData(
        campaign=campaign,
        tier=tier,
        book=book,
        records=[
            _record(result, comparisons[result.pk], changes[result.pk], last_reopened_at)
            for result in results
        ],
        reopenings=reopenings,
    )


def metadata(data: TierData) -> dict:
    campaign, framework = data.campaign, data.framework
    return {
        "campaign": {"id": campaign.pk, "year": campaign.year, "title": campaign.title},
        "tier": data.tier,
        "framework": {
            "code": framework.code,
            "version": framework.version,
            "title": framework.title_vi,
            "title_en": framework.title_en,
        },
        "published_at": campaign.published_at.isoformat(),
        "corrections": [
            {"reopened_at": reopening.reopened_at.isoformat(), "reason": reopening.reason}
            for reopening in data.reopenings
        ],
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


def _csv(header, rows) -> bytes:
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return output.getvalue().encode("utf-8-sig")


def as_csv(data: TierData) -> bytes:
    return _csv(data.columns, (data.cells(item) for item in data.records))


def as_codebook_csv(book: Codebook) -> bytes:
    rows = [["group", code, "", *rest] for code, *rest in book.group_rows()]
    rows += [["indicator", *row] for row in book.indicator_rows()]
    return _csv(CODEBOOK_COLUMNS, rows)


def _json_value(value):
    return str(value) if isinstance(value, Decimal) else value


def as_json(data: TierData) -> bytes:
    document = metadata(data)
    document["framework"] |= {
        "groups": [
            dict(zip(GROUP_CODEBOOK_COLUMNS, map(_json_value, row), strict=True))
            for row in data.book.group_rows()
        ],
        "indicators": [
            dict(zip(INDICATOR_CODEBOOK_COLUMNS, map(_json_value, row), strict=True))
            for row in data.book.indicator_rows()
        ],
    }
    group_order = [group.code for group in data.groups]
    indicator_order = [indicator.code for indicator in data.indicators]
    rows = []
    for item in data.records:
        row = {column: _json_value(item[column]) for column in BASE_COLUMNS}
        row["groups"] = {
            code: {field: _json_value(value) for field, value in item["groups"][code].items()}
            for code in group_order
            if code in item["groups"]
        }
        row["indicators"] = {
            code: {field: _json_value(value) for field, value in item["indicators"][code].items()}
            for code in indicator_order
            if code in item["indicators"]
        }
        rows.append(row)
    document["results"] = rows
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def _number_format(column: str) -> str | None:
    if column.endswith(("dti_value", "dti_value_change")):
        return "0.0000"
    if column.endswith("points"):
        return "0.00"
    if column.endswith("_change"):
        return "0.0"
    return None


def _first_row(sheet, columns: list[str], values: list) -> list:
    """The first data row: each numeric column's format set on its cell (``RowStream``
    repeats it on every other row), texts kept as texts."""
    cells: list[Any] = []
    for column, value in zip(columns, values, strict=True):
        number_format = _number_format(column)
        if number_format is None:
            cells.append(streamed_text(sheet, value))
            continue
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = number_format
        cells.append(cell)
    return cells


def _write_table(sheet, stream: RowStream, columns: list[str], rows: list[list]) -> None:
    headings = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column)
        cell.font = Font(bold=True)
        headings.append(cell)
    sheet.freeze_panes = "A2"
    sheet.append(headings)
    if rows:
        sheet.append(_first_row(sheet, columns, rows[0]))
        stream.rest_of(sheet, rows[1:])


def as_xlsx(data: TierData) -> bytes:
    # Write-only, the rows after the first streamed: 3,500 communes × 47 indicators is more
    # than half a million cells.
    workbook = Workbook(write_only=True)
    stream = RowStream()
    columns = data.columns
    _write_table(
        workbook.create_sheet("results"),
        stream,
        columns,
        [data.cells(item) for item in data.records],
    )
    for name, sheet_columns, rows in (
        ("groups", GROUP_CODEBOOK_COLUMNS, data.book.group_rows()),
        ("indicators", INDICATOR_CODEBOOK_COLUMNS, data.book.indicator_rows()),
    ):
        _write_table(workbook.create_sheet(name), stream, list(sheet_columns), rows)
    about = workbook.create_sheet("about")
    info = metadata(data)
    for key, value in (
        ("campaign", info["campaign"]["title"]),
        ("campaign_year", info["campaign"]["year"]),
        ("tier", info["tier"]),
        ("framework", f"{info['framework']['code']} v{info['framework']['version']}"),
        ("published_at", info["published_at"]),
        ("publisher", info["publisher"]),
        ("licence", info["licence"]),
    ):
        about.append([key, streamed_text(about, value)])
    for correction in info["corrections"]:
        about.append(
            [
                "correction",
                streamed_text(about, correction["reopened_at"]),
                streamed_text(about, correction["reason"]),
            ]
        )
    return stream.finish(streamed_workbook_bytes(workbook))


WRITERS = {
    "csv": (as_csv, "text/csv; charset=utf-8"),
    "json": (as_json, "application/json; charset=utf-8"),
    "xlsx": (as_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


def open_data_file(campaign: Campaign, tier: str, fmt: str) -> OpenDataFile:
    """The published results of one tier of ``campaign`` in ``fmt`` (one of ``WRITERS``),
    built on the first download of a publication and then read from the cache."""
    writer, content_type = WRITERS[fmt]
    # Some 650,000 cells for 3,500 communes: too many to write for every anonymous download.
    content = kept(campaign, tier, f"opendata-{fmt}", lambda: writer(tier_data(campaign, tier)))
    return OpenDataFile(content, content_type, f"dti-{campaign.year}-{campaign.pk}-{tier}.{fmt}")


def codebook_file(campaign: Campaign, tier: str) -> OpenDataFile:
    """The codes and names of the tier's groups and indicators, as CSV."""
    return OpenDataFile(
        as_codebook_csv(codebook(campaign, tier)),
        WRITERS["csv"][1],
        f"dti-{campaign.year}-{campaign.pk}-{tier}-codebook.csv",
    )
