"""Reads for the self-assessment workspace."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from dti.agencies.permissions import require
from dti.campaigns.services import EditingWindow, editing_window
from dti.frameworks.models import Group
from dti.scoring import AssessmentScore, IndicatorScore

from .models import Assessment, Evidence, Response
from .scoring import score_assessment


def assessments_for(user) -> QuerySet[Assessment]:
    """The assessments an agency user works on, newest campaign first."""
    return (
        Assessment.objects.filter(agency_id=user.agency_id)
        .select_related("campaign", "agency", "framework")
        .order_by("-campaign__year", "-campaign_id")
    )


def get_assessment(user, pk: int, action: str = "assessment.view") -> Assessment:
    """The assessment ``pk`` if ``user`` may take ``action`` on it (404 / 403 otherwise)."""
    assessment = get_object_or_404(
        Assessment.objects.select_related("campaign", "agency", "framework").prefetch_related(
            "campaign__deadlines", "extensions"
        ),
        pk=pk,
    )
    require(user, action, assessment)
    return assessment


@dataclass
class IndicatorLine:
    response: Response
    score: IndicatorScore
    evidence_count: int

    @property
    def indicator(self):
        return self.response.indicator

    @property
    def needs_evidence(self) -> bool:
        return (
            self.indicator.evidence_required
            and self.score.status != "not_applicable"
            and self.evidence_count == 0
        )


@dataclass
class GroupLine:
    group: Group
    lines: list[IndicatorLine] = field(default_factory=list)
    points: Decimal = Decimal(0)
    max_points: Decimal = Decimal(0)

    @property
    def answered(self) -> int:
        return sum(1 for line in self.lines if line.score.is_complete)

    @property
    def applicable(self) -> int:
        return len(self.lines)

    @property
    def progress_percent(self) -> int:
        return round(100 * self.answered / self.applicable) if self.applicable else 100


@dataclass
class Overview:
    assessment: Assessment
    score: AssessmentScore
    groups: list[GroupLine]
    window: EditingWindow

    @property
    def answered(self) -> int:
        return sum(group.answered for group in self.groups)

    @property
    def applicable(self) -> int:
        return sum(group.applicable for group in self.groups)

    @property
    def progress_percent(self) -> int:
        return round(100 * self.answered / self.applicable) if self.applicable else 100

    @property
    def missing_evidence(self) -> list[IndicatorLine]:
        return [line for group in self.groups for line in group.lines if line.needs_evidence]

    @property
    def days_left(self) -> int | None:
        if self.window.closes_at is None:
            return None
        remaining = timezone.localtime(self.window.closes_at).date() - timezone.localdate()
        return remaining.days


def assessment_overview(assessment: Assessment) -> Overview:
    """Groups with progress and self-score, in three queries whatever the number of indicators."""
    responses = list(
        assessment.responses.select_related("indicator__group")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.only("id", "response_id")))
        .order_by("indicator__order")
    )
    score = score_assessment(assessment, responses)
    groups: dict[int, GroupLine] = {}
    for response in responses:
        group = response.indicator.group
        line = groups.setdefault(group.pk, GroupLine(group))
        line.lines.append(
            IndicatorLine(
                response, score.indicators[response.indicator.code], len(response.evidence.all())
            )
        )
    for line in groups.values():
        group_score = score.groups[line.group.code]
        line.points, line.max_points = group_score.points, group_score.max_points
    ordered = sorted(groups.values(), key=lambda line: line.group.order)
    return Overview(assessment, score, ordered, editing_window(assessment))


def get_response(assessment: Assessment, code: str) -> Response:
    return get_object_or_404(
        Response.objects.select_related("indicator__group"),
        assessment=assessment,
        indicator__code=code,
    )


def neighbours(assessment: Assessment, response: Response) -> tuple[str | None, str | None]:
    """Codes of the previous and next indicators of the assessment, for navigation."""
    codes = list(
        assessment.responses.order_by("indicator__order").values_list("indicator__code", flat=True)
    )
    index = codes.index(response.indicator.code)
    previous = codes[index - 1] if index > 0 else None
    following = codes[index + 1] if index + 1 < len(codes) else None
    return previous, following


def deadline_text(closes_at: datetime.datetime | None) -> str:
    return timezone.localtime(closes_at).strftime("%d/%m/%Y %H:%M") if closes_at else ""
