"""Reads for the coordinator's progress dashboard of a campaign, and its CSV / Excel exports.

Everything comes from the totals that ``dti.assessments.services.refresh_totals`` keeps on each
assessment, plus one grouped query for missing evidence, so the number of queries stays the same
whatever the number of agencies.
"""

from __future__ import annotations

import csv
import datetime
import io
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from dti.assessments.models import Assessment, AssessmentStatus, Response, ResponseStatus
from dti.core.spreadsheets import csv_safe, workbook_bytes

from .models import Campaign, Extension, Phase

# Progress states that are not assessment statuses but can be filtered on like them.
NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
OVERDUE = "overdue"

AGENCY_ORDER = ("agency__tier", "agency__code")


@dataclass(frozen=True)
class DashboardFilters:
    """What the coordinator narrowed the table to; empty strings mean "all"."""

    tier: str = ""
    status: str = ""
    search: str = ""


@dataclass
class ProgressRow:
    """One agency's line of the dashboard."""

    assessment: Assessment
    missing_evidence: int
    closes_at: datetime.datetime | None  # the self-assessment deadline, extensions included
    overdue: bool

    @property
    def agency(self):
        return self.assessment.agency

    @property
    def answered(self) -> int:
        return self.assessment.answered_count

    @property
    def applicable(self) -> int:
        return self.assessment.applicable_count

    @property
    def unanswered(self) -> int:
        return max(self.applicable - self.answered, 0)

    @property
    def progress_percent(self) -> int:
        return round(100 * self.answered / self.applicable) if self.applicable else 100

    @property
    def is_draft(self) -> bool:
        return self.assessment.status == AssessmentStatus.DRAFT

    @property
    def not_started(self) -> bool:
        return self.is_draft and self.answered == 0

    @property
    def in_progress(self) -> bool:
        return self.is_draft and self.answered > 0


@dataclass
class Summary:
    agencies: int = 0
    submitted: int = 0  # submitted or any later status
    in_progress: int = 0
    not_started: int = 0
    overdue: int = 0


def self_assessment_closes_at(
    deadline: datetime.datetime | None, extensions: Iterable
) -> datetime.datetime | None:
    """When the agency's self-assessment closes: the phase deadline or its latest extension.

    The same rule as ``dti.campaigns.services.editing_window``, which cannot be used here because
    it only answers while the campaign is in the self-assessment phase, and a draft left after
    that phase is still overdue.
    """
    extended = max(
        (item.until for item in extensions if item.phase == Phase.SELF_ASSESSMENT), default=None
    )
    return max(filter(None, [deadline, extended]), default=None)


def missing_evidence_counts(assessments: QuerySet[Assessment]) -> dict[int, int]:
    """Per assessment id, the responses that need evidence and have none, in one query.

    A response needs evidence when its indicator requires it and it is not declared not
    applicable — the rule of ``dti.assessments.services.missing_items``.
    """
    rows = (
        Response.objects.filter(
            assessment__in=assessments.values("pk"),
            indicator__evidence_required=True,
            evidence__isnull=True,
        )
        .exclude(status=ResponseStatus.NOT_APPLICABLE)
        .order_by()
        .values("assessment_id")
        .annotate(missing=Count("pk"))
    )
    return {row["assessment_id"]: row["missing"] for row in rows}


def progress_rows(campaign: Campaign, now: datetime.datetime | None = None) -> list[ProgressRow]:
    """Every agency of the campaign with its progress, ordered by tier and agency code."""
    now = now or timezone.now()
    assessments = (
        campaign.assessments.select_related("agency")
        .prefetch_related("extensions")
        .order_by(*AGENCY_ORDER)
    )
    deadline = campaign.deadline_of(Phase.SELF_ASSESSMENT)
    return _rows(list(assessments), missing_evidence_counts(assessments), deadline, now)


def _rows(
    assessments: list[Assessment], missing: dict[int, int], deadline, now
) -> list[ProgressRow]:
    rows = []
    for assessment in assessments:
        closes_at = self_assessment_closes_at(deadline, assessment.extensions.all())
        overdue = (
            assessment.status == AssessmentStatus.DRAFT
            and closes_at is not None
            and now > closes_at
        )
        rows.append(ProgressRow(assessment, missing.get(assessment.pk, 0), closes_at, overdue))
    return rows


def fold(text: str) -> str:
    """Lower case without diacritics, so that "so y te" finds "Sở Y tế"."""
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _matches_status(row: ProgressRow, status: str) -> bool:
    if status == NOT_STARTED:
        return row.not_started
    if status == IN_PROGRESS:
        return row.in_progress
    if status == OVERDUE:
        return row.overdue
    return row.assessment.status == status


def filter_rows(rows: list[ProgressRow], filters: DashboardFilters) -> list[ProgressRow]:
    """Rows of the chosen tier and status whose agency name or code contains the search.

    The search runs here rather than in SQL because SQLite's LIKE ignores case for ASCII only,
    and Vietnamese names need accents ignored as well.
    """
    needle = fold(filters.search.strip())
    return [
        row
        for row in rows
        if (not filters.tier or row.agency.tier == filters.tier)
        and (not filters.status or _matches_status(row, filters.status))
        and (not needle or needle in fold(row.agency.name) or needle in fold(row.agency.code))
    ]


# The exported table. Values keep their type (numbers, datetimes) for Excel; the CSV writer turns
# them into text.
def _local(value: datetime.datetime | None) -> datetime.datetime | None:
    return timezone.localtime(value).replace(tzinfo=None) if value else None


def _yes_no(value: bool) -> str:
    return gettext("Yes") if value else gettext("No")


@dataclass(frozen=True)
class Column:
    header: Any  # a lazy translation, rendered in the language of the request
    value: Callable[[ProgressRow], Any]
    excel_format: str = ""


_DATETIME = "DD/MM/YYYY HH:MM"

EXPORT_COLUMNS = [
    Column(gettext_lazy("Agency code"), lambda row: row.agency.code),
    Column(gettext_lazy("Agency"), lambda row: row.agency.name),
    Column(gettext_lazy("Tier"), lambda row: row.agency.get_tier_display()),
    Column(gettext_lazy("Status"), lambda row: row.assessment.get_status_display()),
    Column(gettext_lazy("Answered"), lambda row: row.answered),
    Column(gettext_lazy("Applicable indicators"), lambda row: row.applicable),
    Column(gettext_lazy("Progress (%)"), lambda row: row.progress_percent),
    Column(gettext_lazy("Self-assessed points"), lambda row: row.assessment.self_points, "0.##"),
    Column(
        gettext_lazy("Self-assessed DTI value"), lambda row: row.assessment.self_dti_value, "0.0000"
    ),
    Column(gettext_lazy("Missing evidence"), lambda row: row.missing_evidence),
    Column(gettext_lazy("Last update"), lambda row: _local(row.assessment.updated_at), _DATETIME),
    Column(
        gettext_lazy("Marked ready"),
        lambda row: _yes_no(row.assessment.marked_ready_at is not None),
    ),
    Column(
        gettext_lazy("Marked ready at"),
        lambda row: _local(row.assessment.marked_ready_at),
        _DATETIME,
    ),
    Column(
        gettext_lazy("Submitted at"), lambda row: _local(row.assessment.submitted_at), _DATETIME
    ),
    Column(gettext_lazy("Deadline"), lambda row: _local(row.closes_at), _DATETIME),
    Column(gettext_lazy("Overdue"), lambda row: _yes_no(row.overdue)),
]


def export_table(rows: list[ProgressRow]) -> tuple[list[str], list[list[Any]]]:
    headers = [str(column.header) for column in EXPORT_COLUMNS]
    return headers, [[column.value(row) for column in EXPORT_COLUMNS] for row in rows]


def _csv_text(value: Any) -> str:
    """Text that every spreadsheet reads the same way: ISO dates, dot decimals."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return csv_safe(str(value))


def progress_csv(rows: list[ProgressRow]) -> bytes:
    """UTF-8 with a byte-order mark: without it Excel reads Vietnamese as Windows-1252."""
    headers, table = export_table(rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows([_csv_text(value) for value in line] for line in table)
    return buffer.getvalue().encode("utf-8-sig")


def progress_workbook(campaign: Campaign, rows: list[ProgressRow]) -> bytes:
    headers, table = export_table(rows)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = gettext("Progress")[:31]
    workbook.properties.title = campaign.title
    sheet.append(headers)
    for line in table:
        sheet.append(line)
    _style(sheet)
    return workbook_bytes(workbook)


def _style(sheet) -> None:
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8F0F8")
    for index, (column, cells) in enumerate(
        zip(EXPORT_COLUMNS, sheet.columns, strict=True), start=1
    ):
        if column.excel_format:
            for cell in cells[1:]:
                cell.number_format = column.excel_format
        longest = max((len(str(cell.value or "")) for cell in cells), default=8)
        sheet.column_dimensions[get_column_letter(index)].width = min(max(longest + 2, 10), 50)
    sheet.freeze_panes = "C2"


# --- The page: filtered, counted and paginated in the database ------------------------------


@dataclass
class DashboardPage:
    campaign: Campaign
    summary: Summary  # of the whole campaign, whatever the filters
    page: Page  # the agencies of the requested page, as ProgressRow
    overdue: list[ProgressRow]  # the first overdue agencies of the campaign
    overdue_count: int


def _overdue(assessments: QuerySet[Assessment], deadline, now) -> QuerySet[Assessment]:
    """Drafts past the deadline with no extension that still runs (the rule of
    ``self_assessment_closes_at``, in SQL)."""
    if deadline is None or now <= deadline:
        return assessments.none()
    running = Extension.objects.filter(
        assessment=OuterRef("pk"), phase=Phase.SELF_ASSESSMENT, until__gte=now
    )
    return assessments.filter(status=AssessmentStatus.DRAFT).exclude(Exists(running))


def _filtered(campaign: Campaign, filters: DashboardFilters, deadline, now):
    assessments = campaign.assessments.all()
    if filters.tier:
        assessments = assessments.filter(agency__tier=filters.tier)
    if filters.status == NOT_STARTED:
        assessments = assessments.filter(status=AssessmentStatus.DRAFT, answered_count=0)
    elif filters.status == IN_PROGRESS:
        assessments = assessments.filter(status=AssessmentStatus.DRAFT, answered_count__gt=0)
    elif filters.status == OVERDUE:
        assessments = _overdue(assessments, deadline, now)
    elif filters.status:
        assessments = assessments.filter(status=filters.status)
    needle = fold(filters.search.strip())
    if needle:
        # Diacritics and case are ignored in Python over names only (see filter_rows).
        names = campaign.assessments.values_list("pk", "agency__name", "agency__code")
        assessments = assessments.filter(
            pk__in=[pk for pk, name, code in names if needle in fold(name) or needle in fold(code)]
        )
    return assessments


def _page_rows(assessments: list[Assessment], deadline, now) -> list[ProgressRow]:
    shown = Assessment.objects.filter(pk__in=[item.pk for item in assessments])
    return _rows(assessments, missing_evidence_counts(shown), deadline, now)


def dashboard_page(
    campaign: Campaign,
    filters: DashboardFilters,
    page_number,
    per_page: int,
    overdue_shown: int,
    now: datetime.datetime | None = None,
) -> DashboardPage:
    """The dashboard for one page of agencies: a fixed number of queries and only the page's
    rows built, whatever the number of agencies."""
    now = now or timezone.now()
    deadline = campaign.deadline_of(Phase.SELF_ASSESSMENT)
    everything = campaign.assessments.all()
    draft = Q(status=AssessmentStatus.DRAFT)
    counts = everything.aggregate(
        agencies=Count("pk"),
        submitted=Count("pk", filter=~draft),
        in_progress=Count("pk", filter=draft & Q(answered_count__gt=0)),
        not_started=Count("pk", filter=draft & Q(answered_count=0)),
    )
    overdue_all = _overdue(everything, deadline, now)
    summary = Summary(**counts, overdue=overdue_all.count())
    shown = (
        _filtered(campaign, filters, deadline, now)
        .select_related("agency")
        .prefetch_related("extensions")
        .order_by(*AGENCY_ORDER)
    )
    page = Paginator(shown, per_page).get_page(page_number)
    page.object_list = _page_rows(list(page.object_list), deadline, now)
    overdue = list(
        overdue_all.select_related("agency")
        .prefetch_related("extensions")
        .order_by(*AGENCY_ORDER)[:overdue_shown]
    )
    return DashboardPage(
        campaign, summary, page, _page_rows(overdue, deadline, now), summary.overdue
    )
