"""Reads for the agency's side of the appraisal: its round-1 (and round-2) results and its
explanations ("giải trình, bổ sung tài liệu kiểm chứng")."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format, sanitize_separators
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from dti.agencies.permissions import can, require
from dti.assessments.models import Assessment, Evidence, EvidenceStage, Response
from dti.assessments.scoring import score_assessment, score_response
from dti.campaigns.models import PHASE_ORDER, Campaign, Phase
from dti.campaigns.services import EditingWindow
from dti.core.formatting import format_number
from dti.frameworks.definitions import framework_definition
from dti.frameworks.models import Group
from dti.scoring import AssessmentScore, IndicatorDef, IndicatorScore, InputSpec
from dti.scoring.inputs import NUMERIC_KINDS, is_empty, parse_value

from .models import Appraisal, Decision, Explanation, Round
from .scoring import appraised_score, final_appraisals
from .services import explanation_window


def results_visible(campaign: Campaign) -> bool:
    """Agencies see their appraisal results once round 1 is sent, never before."""
    return PHASE_ORDER.index(campaign.phase) >= PHASE_ORDER.index(Phase.RESULTS_SENT)


def get_results_assessment(user, pk: int) -> Assessment:
    """The assessment ``pk`` whose results ``user`` may see: 403 for another agency's, 404
    while the round-1 results are not sent (nothing is revealed before)."""
    assessment = get_object_or_404(
        Assessment.objects.select_related(
            "campaign", "agency", "framework", "explanation_submitted_by"
        ).prefetch_related("campaign__deadlines", "extensions"),
        pk=pk,
    )
    require(user, "results.own", assessment)
    if not results_visible(assessment.campaign):
        raise Http404("the appraisal results are not sent yet")
    return assessment


def get_adjusted_response(assessment: Assessment, code: str) -> Response:
    """The response of indicator ``code`` if round 1 adjusted it (only those are explained)."""
    response = get_object_or_404(
        Response.objects.select_related("indicator__group"),
        assessment=assessment,
        indicator__code=code,
        appraisals__round=Round.FIRST,
        appraisals__decision=Decision.ADJUSTED,
    )
    response.assessment = assessment
    return response


# --- Values side by side -----------------------------------------------------------------


def display_value(spec: InputSpec, raw: Any) -> str:
    """A stored raw value as the agency reads it: Yes/No, the choice's label, a local number
    or date; a value that does not parse is shown as typed."""
    if is_empty(raw):
        return "—"
    plain = raw
    if isinstance(raw, str) and spec.kind in NUMERIC_KINDS:
        plain = sanitize_separators(raw.strip())  # as the engine reads it: "7,5" is 7.5
    value, problem = parse_value(spec, plain)
    if problem is not None:
        return str(raw)
    if spec.kind == "boolean":
        return _("Yes") if value else _("No")
    if spec.kind == "choice":
        choice = spec.choice(value)
        return (choice.label.pick(get_language() or "vi") or value) if choice else str(raw)
    if spec.kind == "date":
        return date_format(value, "SHORT_DATE_FORMAT")
    text = format_number(value)
    return f"{text} {spec.unit}" if spec.unit else text


@dataclass
class ValueRow:
    """One input of an adjusted indicator: what the agency entered and what was appraised."""

    label: str
    self_value: str
    round_one: str
    round_two: str | None = None

    @property
    def changed(self) -> bool:
        appraised = self.round_two if self.round_two is not None else self.round_one
        return appraised != self.self_value


def _not_applicable_text(flag: bool) -> str:
    return _("Does not apply") if flag else _("Applies")


def value_rows(
    definition: IndicatorDef, response: Response, first: Appraisal, second: Appraisal | None
) -> list[ValueRow]:
    language = get_language() or "vi"
    rows = [
        ValueRow(
            label=spec.label.pick(language),
            self_value=display_value(spec, response.values.get(spec.code)),
            round_one=display_value(spec, first.values.get(spec.code)),
            round_two=display_value(spec, second.values.get(spec.code)) if second else None,
        )
        for spec in definition.inputs
    ]
    flags = {response.not_applicable, first.not_applicable}
    if second is not None:
        flags.add(second.not_applicable)
    if len(flags) > 1:
        rows.append(
            ValueRow(
                label=_("Applicability"),
                self_value=_not_applicable_text(response.not_applicable),
                round_one=_not_applicable_text(first.not_applicable),
                round_two=_not_applicable_text(second.not_applicable) if second else None,
            )
        )
    return rows


def decided(appraisal: Appraisal | None) -> bool:
    return appraisal is not None and appraisal.decision != Decision.PENDING


# --- The results page --------------------------------------------------------------------


@dataclass
class IndicatorResult:
    response: Response
    self_score: IndicatorScore
    appraised: IndicatorScore  # the current final figure (round 2 once decided, else round 1)
    round_one: Appraisal | None
    round_two: Appraisal | None
    explanation: Explanation | None
    explanation_evidence_count: int
    values: list[ValueRow] = field(default_factory=list)

    @property
    def indicator(self):
        return self.response.indicator

    @property
    def adjusted(self) -> bool:
        """Adjusted in round 1: the indicators an agency may explain."""
        return self.round_one is not None and self.round_one.decision == Decision.ADJUSTED

    @property
    def round_two_decided(self) -> bool:
        return decided(self.round_two)

    @property
    def points_changed(self) -> bool:
        return self.appraised.points != self.self_score.points


@dataclass
class GroupResult:
    group: Group
    lines: list[IndicatorResult] = field(default_factory=list)
    self_points: Decimal = Decimal(0)
    appraised_points: Decimal = Decimal(0)
    max_points: Decimal = Decimal(0)
    appraised_max_points: Decimal = Decimal(0)


@dataclass
class AgencyResults:
    assessment: Assessment
    self_score: AssessmentScore
    appraised: AssessmentScore
    groups: list[GroupResult]
    window: EditingWindow

    @property
    def lines(self) -> list[IndicatorResult]:
        return [line for group in self.groups for line in group.lines]

    @property
    def adjusted(self) -> list[IndicatorResult]:
        return [line for line in self.lines if line.adjusted]

    @property
    def explained(self) -> list[IndicatorResult]:
        return [line for line in self.lines if line.explanation is not None]

    @property
    def not_explained(self) -> list[IndicatorResult]:
        return [line for line in self.adjusted if line.explanation is None]

    @property
    def explanation_state(self) -> str:
        """``signed_off``, ``filed`` (not yet signed off) or ``not_filed``."""
        if self.assessment.explanation_submitted_at is not None:
            return "signed_off"
        return "filed" if self.explained else "not_filed"

    @property
    def days_left(self) -> int | None:
        return days_left(self.window.closes_at)


def days_left(closes_at: datetime.datetime | None) -> int | None:
    if closes_at is None:
        return None
    return (timezone.localtime(closes_at).date() - timezone.localdate()).days


def _responses(assessment: Assessment) -> list[Response]:
    explanation_evidence = Count("evidence", filter=Q(evidence__stage=EvidenceStage.EXPLANATION))
    return list(
        assessment.responses.select_related("indicator__group", "explanation")
        .annotate(explanation_evidence_count=explanation_evidence)
        .order_by("indicator__order")
    )


def agency_results(assessment: Assessment) -> AgencyResults:
    """Per group and indicator: self points against the appraised ones, the decisions and
    reasons, and the explanations — in four queries whatever the number of indicators."""
    responses = _responses(assessment)
    appraisals = list(assessment.appraisals.all())
    by_round: dict[int, dict[int, Appraisal]] = {Round.FIRST: {}, Round.SECOND: {}}
    for appraisal in appraisals:
        by_round[appraisal.round][appraisal.response_id] = appraisal
    self_score = score_assessment(assessment, responses)
    appraised = appraised_score(assessment, responses, appraisals)
    definition = framework_definition(assessment.framework)
    groups: dict[int, GroupResult] = {}
    for response in responses:
        code = response.indicator.code
        line = IndicatorResult(
            response=response,
            self_score=self_score.indicators[code],
            appraised=appraised.indicators[code],
            round_one=by_round[Round.FIRST].get(response.pk),
            round_two=by_round[Round.SECOND].get(response.pk),
            explanation=getattr(response, "explanation", None),
            explanation_evidence_count=response.explanation_evidence_count,
        )
        if line.adjusted:
            second = line.round_two if line.round_two_decided else None
            line.values = value_rows(definition.indicator(code), response, line.round_one, second)
        group = response.indicator.group
        groups.setdefault(group.pk, GroupResult(group)).lines.append(line)
    for group_result in groups.values():
        code = group_result.group.code
        group_result.self_points = self_score.groups[code].points
        group_result.max_points = self_score.groups[code].max_points
        group_result.appraised_points = appraised.groups[code].points
        group_result.appraised_max_points = appraised.groups[code].max_points
    ordered = sorted(groups.values(), key=lambda item: item.group.order)
    return AgencyResults(assessment, self_score, appraised, ordered, explanation_window(assessment))


# --- The explanation page ----------------------------------------------------------------


@dataclass
class ExplanationPage:
    response: Response
    round_one: Appraisal
    round_two: Appraisal | None
    final: Appraisal
    explanation: Explanation | None
    values: list[ValueRow]
    self_score: IndicatorScore
    evidence: list[Evidence]
    self_evidence: list[Evidence]
    window: EditingWindow

    @property
    def indicator(self):
        return self.response.indicator

    @property
    def round_two_decided(self) -> bool:
        return decided(self.round_two)

    @property
    def days_left(self) -> int | None:
        return days_left(self.window.closes_at)


def explanation_page(assessment: Assessment, response: Response) -> ExplanationPage:
    """The round-1 decision on one adjusted indicator, the agency's explanation and evidence."""
    appraisals = list(
        Appraisal.objects.filter(response=response).select_related("decided_by").order_by("round")
    )
    first = next(item for item in appraisals if item.round == Round.FIRST)
    second = next((item for item in appraisals if item.round == Round.SECOND), None)
    definition = framework_definition(assessment.framework).indicator(response.indicator.code)
    evidence = list(
        response.evidence.select_related("uploaded_by", "stored_file").order_by("uploaded_at", "id")
    )
    return ExplanationPage(
        response=response,
        round_one=first,
        round_two=second,
        final=final_appraisals(appraisals)[response.pk],
        explanation=Explanation.objects.filter(response=response)
        .select_related("updated_by")
        .first(),
        values=value_rows(definition, response, first, second if decided(second) else None),
        self_score=score_response(definition, response.values, response.not_applicable),
        evidence=[item for item in evidence if item.stage == EvidenceStage.EXPLANATION],
        self_evidence=[item for item in evidence if item.stage != EvidenceStage.EXPLANATION],
        window=explanation_window(assessment),
    )


def get_explanation_evidence(assessment: Assessment, evidence_id: int) -> Evidence:
    """Explanation evidence of this assessment (self-assessment evidence is not deleted here)."""
    evidence = get_object_or_404(
        Evidence.objects.select_related("response__indicator", "stored_file"),
        pk=evidence_id,
        assessment=assessment,
        stage=EvidenceStage.EXPLANATION,
    )
    evidence.assessment = assessment
    return evidence


def explanation_evidence_released(user, evidence: Evidence) -> bool:
    """Whether ``user`` may see ``evidence`` as far as explanations go: the agency always sees
    its own; anybody else sees explanation evidence only once the agency's leader signed the
    explanations off (before, it is part of the agency's draft)."""
    if evidence.stage != EvidenceStage.EXPLANATION:
        return True
    if evidence.assessment.explanation_submitted_at is not None:
        return True
    return can(user, "explanation.edit", evidence.assessment)
