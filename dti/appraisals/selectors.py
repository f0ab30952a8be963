"""Reads for the appraisers' and the working group's workspace: the campaigns under appraisal,
the queue of items, one item with everything needed to decide it, the progress per appraising
department, and the consolidation of self-assessed against appraised points.

Lists are built from a fixed number of queries whatever the number of agencies or items; the
scores come from the engine (``dti.assessments.scoring`` and ``dti.appraisals.scoring``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from dti.agencies.models import Agency
from dti.agencies.permissions import ALL, ASSIGNED, PERMISSIONS, require
from dti.assessments.models import Assessment, Evidence, EvidenceStage, Response
from dti.assessments.scoring import score_assessment, score_response
from dti.campaigns.models import PHASE_ORDER, Campaign, Phase
from dti.core.formatting import ui_renderer
from dti.core.search import matches, words_of
from dti.core.spreadsheets import workbook_bytes
from dti.frameworks.definitions import framework_definition
from dti.frameworks.models import Indicator
from dti.scoring import AssessmentScore, IndicatorDef, IndicatorScore, InputSpec
from dti.scoring.describe import describe_indicator
from dti.scoring.inputs import is_empty, parse_value
from dti.scoring.scoring import UNANSWERED

from .models import Appraisal, AppraisalVersion, Assignment, Decision, Explanation, Round
from .scoring import appraised_score, final_appraisals

# Phases in which appraisals exist: from round 1 on (the later ones read only).
APPRAISAL_PHASES = PHASE_ORDER[PHASE_ORDER.index(Phase.APPRAISAL_1) :]
ROUND_TWO_PHASES = PHASE_ORDER[PHASE_ORDER.index(Phase.APPRAISAL_2) :]
# Phases from which agencies may have explained their round-1 adjustments.
EXPLAINABLE_PHASES = PHASE_ORDER[PHASE_ORDER.index(Phase.RESULTS_SENT) :]
OPEN_PHASES = {Phase.APPRAISAL_1: Round.FIRST, Phase.APPRAISAL_2: Round.SECOND}
QUEUE_ORDER = ("assessment__agency__code", "response__indicator__order", "pk")
ITEMS_PER_PAGE = 100


def current_round(campaign: Campaign) -> int:
    """The round a campaign's appraisal pages open on: round 2 from its phase on."""
    return Round.SECOND if campaign.phase in ROUND_TWO_PHASES else Round.FIRST


def visible_appraisals(user, items: QuerySet[Appraisal] | None = None) -> QuerySet[Appraisal]:
    """The appraisals ``user`` may see, by the scope the permission table gives its role for
    ``appraisal.view`` (the same rule as ``can``, applied in SQL)."""
    items = Appraisal.objects.all() if items is None else items
    scope = PERMISSIONS["appraisal.view"].get(user.role)
    if scope == ALL:
        return items
    if scope == ASSIGNED and user.agency_id is not None:
        # A subquery rather than a join: three times faster over a campaign's 150,000 items.
        assigned = Assignment.objects.filter(department_id=user.agency_id).values("indicator_id")
        return items.filter(indicator_id__in=assigned)
    return items.none()


def get_campaign(campaign_id: int) -> Campaign:
    return get_object_or_404(Campaign, pk=campaign_id)


# --- Start page ----------------------------------------------------------------------------


@dataclass
class CampaignLine:
    campaign: Campaign
    round: int
    total: int = 0
    pending: int = 0

    @property
    def decided(self) -> int:
        return self.total - self.pending

    @property
    def percent(self) -> int:
        return round(100 * self.decided / self.total) if self.total else 100

    @property
    def is_open(self) -> bool:
        return OPEN_PHASES.get(self.campaign.phase) == self.round


def appraisal_campaigns(user) -> list[CampaignLine]:
    """Campaigns in an appraisal phase or later, with the user's items of the current round."""
    campaigns = list(Campaign.objects.filter(phase__in=APPRAISAL_PHASES))
    lines = {campaign.pk: CampaignLine(campaign, current_round(campaign)) for campaign in campaigns}
    counts = (
        visible_appraisals(user)
        .filter(assessment__campaign__phase__in=APPRAISAL_PHASES)
        .values("assessment__campaign_id", "round", "decision")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for row in counts:
        line = lines.get(row["assessment__campaign_id"])
        if line is None or row["round"] != line.round:
            continue
        line.total += row["count"]
        if row["decision"] == Decision.PENDING:
            line.pending += row["count"]
    return list(lines.values())


# --- Queue ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueFilters:
    """What the queue is narrowed to; empty values mean "all"."""

    agency: str = ""  # an agency's code, or words of its name (accents may be left out)
    indicator_code: str = ""
    status: str = ""
    round: int = Round.FIRST
    changed: bool = False

    def query_string(self) -> str:
        """The filters as a URL query, to carry them to an item and back."""
        pairs = {
            "agency": self.agency,
            "indicator": self.indicator_code,
            "status": self.status,
            "round": self.round,
            "changed": "on" if self.changed else "",
        }
        return urlencode({key: value for key, value in pairs.items() if value})


def changed_after_explanation(campaign: Campaign) -> list[int]:
    """Ids of the round-2 appraisals whose decided result differs from round 1: the items the
    agency's explanation changed."""
    decided = Appraisal.objects.filter(assessment__campaign=campaign, round=Round.SECOND).exclude(
        decision=Decision.PENDING
    )
    second = list(decided.only("pk", "response_id", "values", "not_applicable", "points"))
    first = {
        item.response_id: item
        for item in Appraisal.objects.filter(
            assessment__campaign=campaign,
            round=Round.FIRST,
            response_id__in=decided.values("response_id"),
        ).only("pk", "response_id", "values", "not_applicable", "points")
    }

    def differs(item: Appraisal) -> bool:
        before = first.get(item.response_id)
        return before is None or (item.values, item.not_applicable, item.points) != (
            before.values,
            before.not_applicable,
            before.points,
        )

    return [item.pk for item in second if differs(item)]


def _queue_scope(user, campaign: Campaign, filters: QueueFilters) -> QuerySet[Appraisal]:
    """The queue with every filter but the decision (whose counts are shown at the top)."""
    items = visible_appraisals(
        user, Appraisal.objects.filter(campaign=campaign, round=filters.round)
    )
    if filters.agency:
        items = items.filter(assessment__agency_id__in=matching_agencies(campaign, filters.agency))
    if filters.indicator_code:
        items = items.filter(indicator__code=filters.indicator_code)
    if filters.changed:
        items = items.filter(pk__in=changed_after_explanation(campaign))
    return items


def queue_items(user, campaign: Campaign, filters: QueueFilters) -> QuerySet[Appraisal]:
    items = _queue_scope(user, campaign, filters)
    if filters.status:
        items = items.filter(decision=filters.status)
    return items.select_related("assessment__agency", "response__indicator", "decided_by").order_by(
        *QUEUE_ORDER
    )


def queue_counts(user, campaign: Campaign, filters: QueueFilters) -> dict[str, int]:
    """Items per decision (and ``total``) under the filters other than the decision."""
    counts = {decision: 0 for decision in Decision.values}
    # COUNT(*), not of the ids: the counted columns are all in the ``appraisal_queue`` index,
    # which PostgreSQL then reads alone.
    rows = (
        _queue_scope(user, campaign, filters)
        .values("decision")
        .annotate(count=Count("*"))
        .order_by()
    )
    for row in rows:
        counts[row["decision"]] = row["count"]
    counts["total"] = sum(counts.values())
    return counts


def matching_agencies(campaign: Campaign, text: str) -> list[int]:
    """The campaign's agencies that ``text`` names: the one whose code it is, or else those
    whose name or code has every word of it, accents and case ignored ("cong thuong" finds
    "Sở Công Thương"). Matched in Python over the campaign's few thousand names: SQLite has no
    accent-insensitive comparison."""
    agencies = Agency.objects.filter(assessments__campaign=campaign).values_list(
        "pk", "code", "name"
    )
    wanted = text.strip().casefold()
    rows = list(agencies)
    by_code = [pk for pk, code, _name in rows if code.casefold() == wanted]
    if by_code:
        return by_code
    words = words_of(text)
    return [pk for pk, code, name in rows if matches(words, name, code)]


def queue_indicator_codes(user, campaign: Campaign) -> list[str]:
    """The indicator codes the user may filter the queue on."""
    indicators = Indicator.objects.filter(framework__in=campaign.frameworks.all())
    scope = PERMISSIONS["appraisal.view"].get(user.role)
    if scope != ALL:
        indicators = indicators.filter(assignments__department_id=user.agency_id)
    codes = indicators.order_by("framework_id", "order").values_list("code", flat=True)
    return list(dict.fromkeys(codes.distinct()))


def queue_neighbours(
    user, appraisal: Appraisal, filters: QueueFilters
) -> tuple[int | None, int | None]:
    """The previous and next items of the queue (same filters) around ``appraisal``."""
    items = queue_items(user, appraisal.assessment.campaign, filters)
    code = appraisal.assessment.agency.code
    order = appraisal.response.indicator.order
    same_place = Q(assessment__agency__code=code, response__indicator__order=order)
    after = (
        Q(assessment__agency__code__gt=code)
        | Q(assessment__agency__code=code, response__indicator__order__gt=order)
        | (same_place & Q(pk__gt=appraisal.pk))
    )
    before = (
        Q(assessment__agency__code__lt=code)
        | Q(assessment__agency__code=code, response__indicator__order__lt=order)
        | (same_place & Q(pk__lt=appraisal.pk))
    )
    following = items.filter(after).values_list("pk", flat=True).first()
    previous = (
        items.filter(before)
        .order_by(*(f"-{key}" for key in QUEUE_ORDER))
        .values_list("pk", flat=True)
        .first()
    )
    return previous, following


def bulk_candidates(user, campaign: Campaign, ids: Iterable[int]) -> list[Appraisal]:
    """The checked items of the campaign that the user may see, ready for ``decide``."""
    clean_ids = {int(value) for value in ids if str(value).isdigit()}
    items = visible_appraisals(
        user, Appraisal.objects.filter(assessment__campaign=campaign, pk__in=clean_ids)
    )
    return list(
        items.select_related(
            "assessment__campaign",
            "assessment__agency",
            "assessment__framework",
            "response__indicator",
        ).order_by(*QUEUE_ORDER)
    )


# --- One item ------------------------------------------------------------------------------


def get_appraisal(user, appraisal_id: int, action: str = "appraisal.view") -> Appraisal:
    """The appraisal if ``user`` may take ``action`` on it (404 / 403 otherwise)."""
    appraisal = get_object_or_404(
        Appraisal.objects.select_related(
            "assessment__campaign",
            "assessment__agency",
            "assessment__framework",
            "response__indicator__group",
            "decided_by",
        ),
        pk=appraisal_id,
    )
    require(user, action, appraisal)
    return appraisal


@dataclass(frozen=True)
class ValueLine:
    """One input as typed, with its label and unit, for reading."""

    code: str
    label: str
    text: str


def _value_text(spec: InputSpec, raw: Any, language: str) -> str:
    if is_empty(raw):
        return "—"
    if spec.kind == "boolean":
        value, problem = parse_value(spec, raw)
        if problem is None:
            return gettext("Yes") if value else gettext("No")
    if spec.kind == "choice":
        choice = spec.choice(str(raw).strip())
        if choice is not None:
            return choice.label.pick(language) or choice.value
    text = str(raw)
    return f"{text} {spec.unit}" if spec.unit else text


def value_lines(definition: IndicatorDef, values: Mapping[str, Any]) -> list[ValueLine]:
    language = get_language() or "vi"
    return [
        ValueLine(
            spec.code, spec.label.pick(language), _value_text(spec, values.get(spec.code), language)
        )
        for spec in definition.inputs
    ]


@dataclass
class StateView:
    """A decision as recorded at one moment: the current appraisal or a history snapshot."""

    decision: str
    values: list[ValueLine]
    not_applicable: bool
    points: Decimal | None
    reason: str

    @property
    def decision_label(self) -> str:
        return str(Decision(self.decision).label) if self.decision in Decision.values else ""


def _state(definition: IndicatorDef, snapshot: Mapping[str, Any]) -> StateView:
    points = snapshot.get("points")
    return StateView(
        decision=snapshot.get("decision", ""),
        values=value_lines(definition, snapshot.get("values") or {}),
        not_applicable=bool(snapshot.get("not_applicable")),
        points=Decimal(points) if points not in (None, "") else None,
        reason=snapshot.get("reason", ""),
    )


def appraisal_state(definition: IndicatorDef, appraisal: Appraisal) -> StateView:
    return StateView(
        appraisal.decision,
        value_lines(definition, appraisal.values),
        appraisal.not_applicable,
        appraisal.points,
        appraisal.reason,
    )


@dataclass
class HistoryLine:
    version: AppraisalVersion
    before: StateView
    after: StateView


@dataclass
class ItemDetail:
    """Everything the item page shows besides the decision form."""

    appraisal: Appraisal
    definition: IndicatorDef
    rule_lines: list[str]
    self_values: list[ValueLine]
    self_score: IndicatorScore
    self_trace: list[str]
    current: StateView
    appraised_score: IndicatorScore
    appraised_trace: list[str]
    self_evidence: list[Evidence]
    # The agency's explanation and its evidence, once its leader signed them off (None and
    # empty before: a draft is the agency's own).
    explanation_evidence: list[Evidence]
    explanation: Explanation | None
    # Whether the agency may explain this indicator (adjusted in round 1, results sent): the
    # item then says whether it did.
    explainable: bool
    round_one: Appraisal | None  # shown beside a round-2 item
    round_one_state: StateView | None
    round_two: Appraisal | None  # linked from a round-1 item
    history: list[HistoryLine] = field(default_factory=list)

    @property
    def response(self) -> Response:
        return self.appraisal.response

    @property
    def indicator(self) -> Indicator:
        return self.appraisal.response.indicator

    @property
    def assessment(self) -> Assessment:
        return self.appraisal.assessment


def definition_of(appraisal: Appraisal) -> IndicatorDef:
    """The engine's definition of the appraised indicator."""
    return framework_definition(appraisal.assessment.framework).indicator(
        appraisal.response.indicator.code
    )


def _appraised_trace(appraisal: Appraisal, score: IndicatorScore, renderer) -> list[str]:
    """The engine's explanation of the appraised points, and for an indicator the agency did
    not answer, what the appraisal does with it: 0 points, confirmed by accepting."""
    lines = score.trace.lines(renderer)
    if score.status == UNANSWERED:
        lines.append(
            gettext("Not answered by the agency: accepting confirms 0 points.")
            if appraisal.decision == Decision.PENDING
            else gettext("Not answered by the agency: the appraisal confirmed 0 points.")
        )
    return lines


def item_detail(appraisal: Appraisal) -> ItemDetail:
    response = appraisal.response
    definition = definition_of(appraisal)
    renderer = ui_renderer()
    self_score = score_response(definition, response.values, response.not_applicable)
    appraised = score_response(definition, appraisal.values, appraisal.not_applicable)
    evidence = list(response.evidence.select_related("uploaded_by", "stored_file"))
    rounds = {
        item.round: item
        for item in Appraisal.objects.filter(response=response).select_related("decided_by")
    }
    round_one = rounds.get(Round.FIRST) if appraisal.round == Round.SECOND else None
    first = rounds.get(Round.FIRST)
    explainable = (
        first is not None
        and first.decision == Decision.ADJUSTED
        and appraisal.assessment.campaign.phase in EXPLAINABLE_PHASES
    )
    signed_off = appraisal.assessment.explanation_submitted_at is not None
    versions = appraisal.versions.select_related("changed_by").order_by("version")
    return ItemDetail(
        appraisal=appraisal,
        definition=definition,
        rule_lines=describe_indicator(definition, renderer),
        self_values=value_lines(definition, response.values),
        self_score=self_score,
        self_trace=self_score.trace.lines(renderer),
        current=appraisal_state(definition, appraisal),
        appraised_score=appraised,
        appraised_trace=_appraised_trace(appraisal, appraised, renderer),
        self_evidence=[item for item in evidence if item.stage == EvidenceStage.SELF_ASSESSMENT],
        explanation_evidence=[
            item for item in evidence if signed_off and item.stage == EvidenceStage.EXPLANATION
        ],
        explanation=Explanation.objects.signed_off()
        .filter(response=response)
        .select_related("updated_by")
        .first(),
        explainable=explainable,
        round_one=round_one,
        round_one_state=appraisal_state(definition, round_one) if round_one else None,
        round_two=rounds.get(Round.SECOND) if appraisal.round == Round.FIRST else None,
        history=[
            HistoryLine(
                version, _state(definition, version.before), _state(definition, version.after)
            )
            for version in versions
        ],
    )


# --- Progress per appraising department ----------------------------------------------------


@dataclass
class RoundProgress:
    assigned: int = 0
    pending: int = 0
    adjusted: int = 0

    @property
    def decided(self) -> int:
        return self.assigned - self.pending

    @property
    def percent(self) -> int:
        return round(100 * self.decided / self.assigned) if self.assigned else 100


@dataclass
class DepartmentProgress:
    department: Agency | None  # None: items of indicators no department appraises
    rounds: dict[int, RoundProgress] = field(
        default_factory=lambda: {Round.FIRST: RoundProgress(), Round.SECOND: RoundProgress()}
    )

    @property
    def first(self) -> RoundProgress:
        return self.rounds[Round.FIRST]

    @property
    def second(self) -> RoundProgress:
        return self.rounds[Round.SECOND]


def department_progress(campaign: Campaign) -> list[DepartmentProgress]:
    """Per appraising department, its items per round: assigned, decided, pending, adjusted.
    An indicator appraised by two departments counts for both."""
    departments = (
        Agency.objects.filter(assignments__framework__in=campaign.frameworks.all())
        .distinct()
        .order_by("code")
    )
    lines: dict[int | None, DepartmentProgress] = {
        department.pk: DepartmentProgress(department) for department in departments
    }
    counts = (
        Appraisal.objects.filter(assessment__campaign=campaign)
        .values("response__indicator__assignments__department_id", "round", "decision")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for row in counts:
        department_id = row["response__indicator__assignments__department_id"]
        if department_id not in lines:
            lines[department_id] = DepartmentProgress(None)
        progress = lines[department_id].rounds[row["round"]]
        progress.assigned += row["count"]
        if row["decision"] == Decision.PENDING:
            progress.pending += row["count"]
        elif row["decision"] == Decision.ADJUSTED:
            progress.adjusted += row["count"]
    return list(lines.values())


# --- Consolidation -------------------------------------------------------------------------


@dataclass
class IndicatorComparison:
    """One indicator of one agency: self-assessed against appraised, and who decided."""

    response: Response
    self_score: IndicatorScore
    appraised: IndicatorScore
    final: Appraisal | None  # the appraisal that counts (round 2 once decided)
    items: list[Appraisal]  # every round, for the links

    @property
    def indicator(self) -> Indicator:
        return self.response.indicator

    @property
    def difference(self) -> Decimal:
        return self.appraised.points - self.self_score.points

    @property
    def pending(self) -> bool:
        return any(item.decision == Decision.PENDING for item in self.items)


@dataclass
class ConsolidationRow:
    assessment: Assessment
    self_score: AssessmentScore
    appraised: AssessmentScore
    indicators: list[IndicatorComparison]

    @property
    def agency(self) -> Agency:
        return self.assessment.agency

    @property
    def adjusted(self) -> int:
        return sum(
            1
            for line in self.indicators
            if line.final is not None and line.final.decision == Decision.ADJUSTED
        )

    @property
    def pending(self) -> int:
        return sum(
            1
            for line in self.indicators
            for item in line.items
            if item.decision == Decision.PENDING
        )

    @property
    def difference(self) -> Decimal:
        return self.appraised.points - self.self_score.points


def _consolidation_row(
    assessment: Assessment, responses: list[Response], appraisals: list[Appraisal]
) -> ConsolidationRow:
    own = score_assessment(assessment, responses)
    appraised = appraised_score(assessment, responses, appraisals)
    final = final_appraisals(appraisals)
    by_response: dict[int, list[Appraisal]] = defaultdict(list)
    for item in sorted(appraisals, key=lambda item: item.round):
        by_response[item.response_id].append(item)
    lines = [
        IndicatorComparison(
            response=response,
            self_score=own.indicators[response.indicator.code],
            appraised=appraised.indicators[response.indicator.code],
            final=final.get(response.pk),
            items=by_response.get(response.pk, []),
        )
        for response in responses
        if response.indicator.code in own.indicators
    ]
    return ConsolidationRow(assessment, own, appraised, lines)


@dataclass(frozen=True)
class Totals:
    points: Decimal | None
    max_points: Decimal | None
    dti_value: Decimal | None


@dataclass(frozen=True)
class ConsolidationSummary:
    """One agency's line of the consolidation table, from the totals kept on its assessment
    (no scoring at read time: the page stays fast for thousands of agencies)."""

    assessment: Assessment

    @property
    def agency(self) -> Agency:
        return self.assessment.agency

    @property
    def self_score(self) -> Totals:
        item = self.assessment
        return Totals(item.self_points, item.self_max_points, item.self_dti_value)

    @property
    def appraised(self) -> Totals:
        item = self.assessment
        return Totals(item.appraised_points, item.appraised_max_points, item.appraised_dti_value)

    @property
    def adjusted(self) -> int:
        return self.assessment.adjusted_count

    @property
    def pending(self) -> int:
        return self.assessment.pending_count

    @property
    def difference(self) -> Decimal:
        appraised = self.assessment.appraised_points or Decimal(0)
        return appraised - (self.assessment.self_points or Decimal(0))


def consolidation_summaries(campaign: Campaign, tier: str, page_number, per_page: int) -> Page:
    """One page of the campaign's agencies (of ``tier``), self against appraised, as
    ``ConsolidationSummary``: two queries whatever the number of agencies."""
    assessments = campaign.assessments.select_related("agency").order_by(
        "agency__tier", "agency__code"
    )
    if tier:
        assessments = assessments.filter(agency__tier=tier)
    page = Paginator(assessments, per_page).get_page(page_number)
    page.object_list = [ConsolidationSummary(assessment) for assessment in page.object_list]
    return page


def consolidation_rows(campaign: Campaign, tier: str = "") -> list[ConsolidationRow]:
    """Every agency of the campaign (of ``tier``), self against appraised, in four queries."""
    assessments = campaign.assessments.select_related("agency", "framework").order_by(
        "agency__tier", "agency__code"
    )
    if tier:
        assessments = assessments.filter(agency__tier=tier)
    scope = {"assessment__campaign": campaign}
    if tier:
        scope["assessment__agency__tier"] = tier
    responses: dict[int, list[Response]] = defaultdict(list)
    for response in (
        Response.objects.filter(**scope)
        .select_related("indicator__group")
        .order_by("indicator__order")
    ):
        responses[response.assessment_id].append(response)
    appraisals: dict[int, list[Appraisal]] = defaultdict(list)
    for appraisal in Appraisal.objects.filter(**scope).select_related("decided_by"):
        appraisals[appraisal.assessment_id].append(appraisal)
    return [
        _consolidation_row(assessment, responses[assessment.pk], appraisals[assessment.pk])
        for assessment in assessments
    ]


def consolidation_detail(assessment: Assessment) -> ConsolidationRow:
    responses = list(
        assessment.responses.select_related("indicator__group").order_by("indicator__order")
    )
    appraisals = list(assessment.appraisals.select_related("decided_by"))
    return _consolidation_row(assessment, responses, appraisals)


def campaign_tiers(campaign: Campaign) -> set[str]:
    return set(campaign.campaignframework_set.values_list("tier", flat=True))


def _decision_text(item: Appraisal | None) -> str:
    return str(item.get_decision_display()) if item is not None else ""


def consolidation_workbook(campaign: Campaign, rows: list[ConsolidationRow]) -> bytes:
    """The consolidation table (one line per agency) and every indicator on a second sheet."""
    workbook = Workbook()
    workbook.properties.title = campaign.title
    summary = workbook.active
    summary.title = gettext("Consolidation")[:31]
    summary.append(
        [
            gettext("Agency code"),
            gettext("Agency"),
            gettext("Tier"),
            gettext("Self-assessed points"),
            gettext("Self-assessed DTI value"),
            gettext("Appraised points"),
            gettext("Appraised DTI value"),
            gettext("Difference"),
            gettext("Applicable max points"),
            gettext("Adjusted indicators"),
            gettext("Pending appraisals"),
        ]
    )
    for row in rows:
        summary.append(
            [
                row.agency.code,
                row.agency.name,
                row.agency.get_tier_display(),
                row.self_score.points,
                row.self_score.dti_value,
                row.appraised.points,
                row.appraised.dti_value,
                row.difference,
                row.appraised.max_points,
                row.adjusted,
                row.pending,
            ]
        )
    _style(summary, {4: "0.##", 5: "0.0000", 6: "0.##", 7: "0.0000", 8: "0.##", 9: "0.##"})
    details = workbook.create_sheet(gettext("Indicators")[:31])
    details.append(
        [
            gettext("Agency code"),
            gettext("Agency"),
            gettext("Indicator"),
            gettext("Name"),
            gettext("Max points"),
            gettext("Self-assessed points"),
            gettext("Appraised points"),
            gettext("Difference"),
            gettext("Decision"),
            gettext("Round"),
            gettext("Reason"),
        ]
    )
    for row in rows:
        for line in row.indicators:
            details.append(
                [
                    row.agency.code,
                    row.agency.name,
                    line.indicator.code,
                    line.indicator.name,
                    line.indicator.max_points,
                    line.self_score.points,
                    line.appraised.points,
                    line.difference,
                    _decision_text(line.final),
                    line.final.round if line.final is not None else None,
                    line.final.reason if line.final is not None else "",
                ]
            )
    _style(details, {5: "0.##", 6: "0.##", 7: "0.##", 8: "0.##"})
    return workbook_bytes(workbook)


def _style(sheet, number_formats: dict[int, str]) -> None:
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E8F0F8")
    for index, cells in enumerate(sheet.columns, start=1):
        if index in number_formats:
            for cell in cells[1:]:
                cell.number_format = number_formats[index]
        longest = max((len(str(cell.value or "")) for cell in cells), default=8)
        sheet.column_dimensions[get_column_letter(index)].width = min(max(longest + 2, 10), 50)
    sheet.freeze_panes = "C2"
