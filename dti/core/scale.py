"""Generated campaigns of any size, for benchmarks and load tests (``generate_scale_data``).

A whole country is about 3,500 agencies: building that through the services, one audited save
at a time, would take hours. This module writes the same rows the services would write, in
bulk: generated communes (codes GEN-00001, …) assessed with the shipped 2025 commune framework
(47 indicators), their staff and leader accounts, the appraisers of the appraising departments
and the framework's default assignments, one assessment per agency with one response per
applicable indicator, evidence links, round-1 appraisals with their version history and — for a
published campaign — the frozen results with ranks and rank robustness.

Values come from each indicator's worked examples, as in the demo; every status and point is
computed by the scoring engine (each example is scored once and reused). Everything is drawn
from ``random.Random(seed)`` and every stored time derives from the framework year and the
seed, so one seed always gives the same campaign.
"""

from __future__ import annotations

import datetime
import itertools
import random
import time
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from dti.agencies.models import Agency, Role, Tier, User
from dti.agencies.selectors import flags_by_agency
from dti.agencies.services import create_account
from dti.appraisals.models import Appraisal, AppraisalVersion, Assignment, Decision, Round
from dti.assessments.models import (
    Assessment,
    AssessmentStatus,
    Evidence,
    EvidenceKind,
    Response,
    ResponseStatus,
)
from dti.assessments.scoring import score_response
from dti.audit.services import record
from dti.campaigns.models import (
    PHASE_ORDER,
    Campaign,
    CampaignFramework,
    Phase,
    PhaseDeadline,
    PhaseTransition,
)
from dti.campaigns.services import default_deadlines
from dti.core.database import refresh_planner_statistics
from dti.core.demo import ADJUSTMENT_REASONS, load_agency_lists, load_shipped_frameworks
from dti.frameworks.definitions import framework_definition
from dti.frameworks.models import Framework, Indicator
from dti.results.models import Result
from dti.results.recompute import recompute_campaign
from dti.scoring import IndicatorDef, IndicatorScore
from dti.scoring.numbers import ZERO, round_dti

FRAMEWORK_CODE = "HN-DTI-2025-XA"  # the shipped 2025 commune framework: 47 indicators
AGENCY_PREFIX = "GEN-"
SCALE_PASSWORD = "dti-scale-2025"
PHASES = (Phase.SELF_ASSESSMENT, Phase.APPRAISAL_1, Phase.PUBLISHED)

BATCH_SIZE = 2000
AGENCIES_PER_CHUNK = 250  # agencies built and written together, to bound memory
APPRAISERS_PER_DEPARTMENT = 2
# In the self-assessment phase: share of agencies that have submitted; the others have
# answered between MIN_ANSWERED and MAX_ANSWERED of their indicators.
SUBMITTED_SHARE = 0.6
MIN_ANSWERED, MAX_ANSWERED = 0.2, 0.9
# In round 1: share of the items decided while the campaign is in the phase appraisal_1.
DECIDED_SHARE = 0.75
# Chance that an appraiser adjusts a decided item for which a worked example with fewer
# points exists (about one item in three has one): about 10 % of decisions are adjustments.
ADJUST_CHANCE = 0.3

SPECIAL_ACCOUNTS = (
    ("scale.dieuphoi", Role.COORDINATOR, "SKHCN"),
    ("scale.tocongtac", Role.WORKING_GROUP, "SKHCN"),
    ("scale.hoidong", Role.COUNCIL_MEMBER, None),
)


class ScaleDataError(ValueError):
    """The generation cannot start; the message says why."""


@dataclass
class ScaleReport:
    """What was generated, for the command's output and for the tests."""

    campaign: Campaign
    agencies_created: int = 0
    users_created: int = 0
    assessments: int = 0
    responses: int = 0
    evidence: int = 0
    appraisals: int = 0
    adjusted: int = 0
    versions: int = 0
    results: int = 0
    seconds: float = 0.0
    framework_code: str = FRAMEWORK_CODE

    def lines(self) -> list[str]:
        return [
            f"Campaign {self.campaign.pk}: {self.campaign.title} "
            f"(phase {self.campaign.phase}, framework {self.framework_code})",
            f"  agencies created: {self.agencies_created}, users created: {self.users_created}",
            f"  assessments: {self.assessments}, responses: {self.responses}, "
            f"evidence links: {self.evidence}",
            f"  round-1 appraisals: {self.appraisals} ({self.adjusted} adjusted), "
            f"versions: {self.versions}, results: {self.results}",
            f"  password of every generated account: {SCALE_PASSWORD}",
            f"  took {self.seconds:.1f} s",
        ]


# --- The worked examples, scored once --------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """One way to answer an indicator, as a user would type it, with the engine's verdict."""

    values: dict[str, str]
    not_applicable: bool
    score: IndicatorScore

    @property
    def stored_points(self) -> Decimal | None:
        return self.score.points if self.score.status == ResponseStatus.SCORED else None

    def snapshot(self, decision: str, reason: str = "") -> dict[str, Any]:
        """As ``appraisals.services._snapshot`` records an appraisal."""
        points = self.stored_points
        return {
            "decision": decision,
            "values": self.values,
            "not_applicable": self.not_applicable,
            "points": str(points) if points is not None else None,
            "reason": reason,
        }


@dataclass
class IndicatorPlan:
    indicator: Indicator
    definition: IndicatorDef
    unanswered: IndicatorScore
    answers: list[Answer]
    # Per answer (by index): the answers with fewer points an appraiser may adjust to.
    lower: list[list[Answer]] = field(default_factory=list)


def _typed(value: Any) -> str:
    """A value as a civil servant types it in the form (booleans as yes / no)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _plan(indicator: Indicator, definition: IndicatorDef) -> IndicatorPlan:
    answers = []
    for example in indicator.examples:
        if example.get("not_applicable"):
            if definition.may_be_not_applicable:
                answers.append(Answer({}, True, score_response(definition, {}, True)))
            continue
        if not example.get("inputs"):
            continue
        values = {code: _typed(value) for code, value in example["inputs"].items()}
        answers.append(Answer(values, False, score_response(definition, values)))
    if not answers:
        raise ScaleDataError(f"indicator {indicator.code}: no worked example to answer with")
    plan = IndicatorPlan(indicator, definition, score_response(definition, {}), answers)
    plan.lower = [
        [
            other
            for other in answers
            if not other.not_applicable
            and other.score.status == ResponseStatus.SCORED
            and other.score.points < answer.score.points
        ]
        for answer in answers
    ]
    return plan


# --- Reference data: frameworks, departments, assignments, accounts ---------------------


def commune_framework() -> Framework:
    """The shipped 2025 commune framework, loaded (with the agency lists) if missing."""
    framework = Framework.objects.filter(code=FRAMEWORK_CODE).order_by("-version").first()
    if framework is None:
        load_agency_lists()
        load_shipped_frameworks()
        framework = Framework.objects.filter(code=FRAMEWORK_CODE).order_by("-version").first()
    if framework is None:
        raise ScaleDataError(f"the framework {FRAMEWORK_CODE} is not among the shipped files")
    return framework


def _departments(indicators: list[Indicator]) -> dict[str, Agency]:
    """The appraising departments the framework names, created if missing."""
    codes = sorted({code for indicator in indicators for code in indicator.appraising_units})
    existing = {agency.code: agency for agency in Agency.objects.filter(code__in=codes)}
    for code in codes:
        if code not in existing:
            existing[code] = Agency.objects.create(
                code=code,
                name=f"Đơn vị thẩm định {code}",
                tier=Tier.DEPARTMENT,
                is_assessed=False,
                is_appraising_unit=True,
            )
        elif not existing[code].is_appraising_unit:
            existing[code].is_appraising_unit = True
            existing[code].save(update_fields=["is_appraising_unit"])
    return existing


def _assign(framework: Framework, indicators: list[Indicator], departments: dict) -> None:
    """The framework's default assignments (as ``assign_defaults``), where missing."""
    existing = set(framework.assignments.values_list("indicator_id", "department_id"))
    Assignment.objects.bulk_create(
        Assignment(framework=framework, indicator=indicator, department=departments[code])
        for indicator in indicators
        for code in indicator.appraising_units
        if (indicator.pk, departments[code].pk) not in existing
    )


@dataclass
class Accounts:
    coordinator: User
    staff: dict[int, int]  # agency id → user id
    leader: dict[int, int]
    appraisers: dict[str, list[int]]  # department code → user ids
    created: int


def _agencies(count: int) -> tuple[list[Agency], int]:
    """GEN-00001 … GEN-<count>: communes, created where missing."""
    codes = [f"{AGENCY_PREFIX}{number:05d}" for number in range(1, count + 1)]
    existing = set(
        Agency.objects.filter(code__startswith=AGENCY_PREFIX).values_list("code", flat=True)
    )
    missing = [code for code in codes if code not in existing]
    Agency.objects.bulk_create(
        (
            Agency(
                code=code,
                name=f"UBND xã Mô phỏng {code[len(AGENCY_PREFIX) :]}",
                name_en=f"Generated commune {code[len(AGENCY_PREFIX) :]}",
                tier=Tier.COMMUNE,
                note="Generated for benchmarks (generate_scale_data).",
            )
            for code in missing
        ),
        batch_size=BATCH_SIZE,
    )
    wanted = set(codes)
    agencies = [
        agency
        for agency in Agency.objects.filter(code__startswith=AGENCY_PREFIX).order_by("code")
        if agency.code in wanted
    ]
    wrong_tier = [agency.code for agency in agencies if agency.tier != Tier.COMMUNE]
    if wrong_tier:
        raise ScaleDataError(f"these agencies exist but are not communes: {wrong_tier[:5]}")
    return agencies, len(missing)


def _accounts(agencies: list[Agency], departments: dict[str, Agency]) -> Accounts:
    """Staff and leader per agency, appraisers per department, and the coordinator, working
    group and council accounts: every one with the same password, hashed once."""
    password = make_password(SCALE_PASSWORD)
    wanted: dict[str, tuple[str, Agency | None]] = {}
    for agency in agencies:
        for prefix, role in (("canbo", Role.AGENCY_STAFF), ("lanhdao", Role.AGENCY_LEADER)):
            wanted[f"{prefix}.{agency.code.lower()}"] = (role, agency)
    for code, department in departments.items():
        for number in range(1, APPRAISERS_PER_DEPARTMENT + 1):
            wanted[f"scale.thamdinh.{code.lower()}.{number}"] = (Role.APPRAISER, department)
    existing = set(
        User.objects.filter(username__in=list(wanted)).values_list("username", flat=True)
    )
    new = [
        User(
            username=username,
            password=password,
            role=role,
            agency=agency,
            full_name=f"{agency.name} ({username.split('.')[0]})" if agency else username,
            email=f"{username}@example.gov.vn",
        )
        for username, (role, agency) in wanted.items()
        if username not in existing
    ]
    User.objects.bulk_create(new, batch_size=BATCH_SIZE)
    created = len(new)
    agency_codes = {agency.code: agency for agency in [*agencies, *departments.values()]}
    for username, role, code in SPECIAL_ACCOUNTS:
        if not User.objects.filter(username=username).exists():
            create_account(
                username=username,
                password=password,
                password_is_hashed=True,
                role=role,
                agency=agency_codes.get(code) or Agency.objects.filter(code=code).first(),
                full_name=username,
                email=f"{username}@example.gov.vn",
            )
            created += 1
    ids = dict(User.objects.filter(username__in=list(wanted)).values_list("username", "id"))
    return Accounts(
        coordinator=User.objects.get(username=SPECIAL_ACCOUNTS[0][0]),
        staff={agency.pk: ids[f"canbo.{agency.code.lower()}"] for agency in agencies},
        leader={agency.pk: ids[f"lanhdao.{agency.code.lower()}"] for agency in agencies},
        appraisers={
            code: [
                ids[f"scale.thamdinh.{code.lower()}.{number}"]
                for number in range(1, APPRAISERS_PER_DEPARTMENT + 1)
            ]
            for code in departments
        },
        created=created,
    )


# --- Times -------------------------------------------------------------------------------


class Calendar:
    """Every stored time of the campaign: fixed by the framework year and the seed."""

    def __init__(self, year: int, randomness: random.Random):
        self.deadlines = default_deadlines(year)
        self.randomness = randomness

    def before(self, phase: str, within_days: int) -> datetime.datetime:
        """A moment in the ``within_days`` days before ``phase``'s deadline."""
        seconds = self.randomness.randrange(1, within_days * 86400)
        return self.deadlines[phase] - datetime.timedelta(seconds=seconds)

    def at(self, phase: str) -> datetime.datetime:
        """The moment the campaign entered ``phase``: the previous phase's deadline."""
        index = PHASE_ORDER.index(phase)
        previous = PHASE_ORDER[max(index - 1, 0)]
        return self.deadlines[previous] + datetime.timedelta(seconds=1)


# --- The campaign ------------------------------------------------------------------------


def _create_campaign(
    framework: Framework, title: str, phase: str, coordinator: User, calendar: Calendar
) -> Campaign:
    published_at = calendar.at(Phase.PUBLISHED) if phase == Phase.PUBLISHED else None
    campaign = Campaign.objects.create(
        year=framework.year,
        title=title,
        plan_reference="Dữ liệu sinh tự động cho đo hiệu năng",
        phase=phase,
        created_by=coordinator,
        published_at=published_at,
    )
    CampaignFramework.objects.create(campaign=campaign, framework=framework, tier=framework.tier)
    PhaseDeadline.objects.bulk_create(
        PhaseDeadline(campaign=campaign, phase=name, due_at=due_at)
        for name, due_at in calendar.deadlines.items()
    )
    reached = PHASE_ORDER[: PHASE_ORDER.index(phase) + 1]
    PhaseTransition.objects.bulk_create(
        PhaseTransition(campaign=campaign, from_phase=before, to_phase=after, moved_by=coordinator)
        for before, after in itertools.pairwise(reached)
    )
    for transition in campaign.transitions.all():
        PhaseTransition.objects.filter(pk=transition.pk).update(
            moved_at=calendar.at(transition.to_phase)
        )
    Campaign.objects.filter(pk=campaign.pk).update(created_at=calendar.at(Phase.PREPARATION))
    return campaign


@dataclass
class ChunkRows:
    """The rows of one chunk of agencies, written table by table."""

    assessments: list[Assessment] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    appraisals: list[Appraisal] = field(default_factory=list)
    versions: list[AppraisalVersion] = field(default_factory=list)

    def write(self, report: ScaleReport) -> None:
        """Each table in one go; the foreign keys are filled in from the objects written
        before (Django copies a saved object's primary key into the referring field)."""
        for model, rows in (
            (Assessment, self.assessments),
            (Response, self.responses),
            (Evidence, self.evidence),
            (Appraisal, self.appraisals),
            (AppraisalVersion, self.versions),
        ):
            model.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        report.assessments += len(self.assessments)
        report.responses += len(self.responses)
        report.evidence += len(self.evidence)
        report.appraisals += len(self.appraisals)
        report.versions += len(self.versions)
        report.adjusted += sum(1 for item in self.appraisals if item.decision == Decision.ADJUSTED)


class Totals:
    """Points, maximum and counts added up as ``refresh_totals`` and
    ``refresh_appraised_totals`` keep them on an assessment."""

    def __init__(self):
        self.points = self.max_points = ZERO
        self.complete = 0

    def add(self, score: IndicatorScore) -> None:
        self.points += score.points
        self.max_points += score.max_points
        self.complete += score.is_complete

    @property
    def dti_value(self) -> Decimal:
        return round_dti(self.points / self.max_points) if self.max_points else ZERO


@dataclass
class Builder:
    """Builds the rows of the campaign, one chunk of agencies at a time."""

    campaign: Campaign
    framework: Framework
    phase: str
    plans: list[IndicatorPlan]
    accounts: Accounts
    calendar: Calendar
    randomness: random.Random
    report: ScaleReport

    def build(self, agencies: list[Agency]) -> None:
        rows = ChunkRows()
        flags = flags_by_agency(agencies, self.campaign.year)
        for agency in agencies:
            rows.assessments.append(self._assessment(agency, flags[agency.pk], rows))
        rows.write(self.report)

    def _assessment(self, agency: Agency, flags: frozenset[str], rows: ChunkRows) -> Assessment:
        """The agency's assessment (with its ``flags`` of the campaign's year): a share of the
        applicable indicators answered (all of them once submitted) and, in the appraisal
        phases, appraised in round 1."""
        assessment = Assessment(
            campaign=self.campaign,
            agency=agency,
            framework=self.framework,
            agency_flags=sorted(flags),
        )
        applicable = [plan for plan in self.plans if plan.definition.applies_to(flags)]
        submitted = (
            self.phase != Phase.SELF_ASSESSMENT or self.randomness.random() < SUBMITTED_SHARE
        )
        share = 1.0 if submitted else self.randomness.uniform(MIN_ANSWERED, MAX_ANSWERED)
        answered_until = round(len(applicable) * share)
        staff = self.accounts.staff[agency.pk]
        saved_at = self.calendar.before(Phase.SELF_ASSESSMENT, 20)
        own, appraised = Totals(), Totals()
        decisions: list[str] = []
        for position, plan in enumerate(applicable):
            response = Response(assessment=assessment, indicator=plan.indicator)
            answer = None
            if position < answered_until:
                answer = self.randomness.choice(plan.answers)
                self._answer(response, answer, staff, saved_at)
                if plan.indicator.evidence_required and not answer.not_applicable:
                    rows.evidence.append(self._evidence(agency, assessment, response, staff))
            rows.responses.append(response)
            score = answer.score if answer else plan.unanswered
            own.add(score)
            if self.phase != Phase.SELF_ASSESSMENT:
                appraisal, decided = self._appraisal(assessment, response, plan, answer)
                rows.appraisals.append(appraisal)
                if decided is not None:
                    rows.versions.append(self._version(appraisal, answer, decided))
                appraised.add(decided.score if decided else score)
                decisions.append(appraisal.decision)
        assessment.self_points = own.points
        assessment.self_max_points = own.max_points
        assessment.self_dti_value = own.dti_value
        assessment.answered_count = own.complete
        assessment.applicable_count = len(applicable)
        if self.phase != Phase.SELF_ASSESSMENT:
            self._appraised_totals(assessment, appraised, decisions)
        if submitted:
            self._submit(assessment, staff, saved_at)
        return assessment

    @staticmethod
    def _answer(response: Response, answer: Answer, staff: int, saved_at) -> None:
        """What ``save_response`` stores."""
        response.values = answer.values
        response.not_applicable = answer.not_applicable
        response.status = answer.score.status
        response.points = answer.stored_points
        response.version = 1
        response.updated_at = saved_at
        response.updated_by_id = staff

    def _submit(self, assessment: Assessment, staff: int, saved_at) -> None:
        assessment.status = (
            AssessmentStatus.FINAL if self.phase == Phase.PUBLISHED else AssessmentStatus.SUBMITTED
        )
        assessment.marked_ready_at = saved_at + datetime.timedelta(hours=1)
        assessment.marked_ready_by_id = staff
        assessment.submitted_at = saved_at + datetime.timedelta(hours=2)
        assessment.submitted_by_id = self.accounts.leader[assessment.agency_id]

    @staticmethod
    def _appraised_totals(assessment: Assessment, appraised: Totals, decisions: list[str]):
        """What ``refresh_appraised_totals`` keeps (round 1 only: no round 2 is generated)."""
        assessment.appraised_points = appraised.points
        assessment.appraised_max_points = appraised.max_points
        assessment.appraised_dti_value = appraised.dti_value
        assessment.adjusted_count = decisions.count(Decision.ADJUSTED)
        assessment.pending_count = decisions.count(Decision.PENDING)

    @staticmethod
    def _evidence(agency: Agency, assessment: Assessment, response: Response, staff: int):
        code = response.indicator.code
        return Evidence(
            assessment=assessment,
            response=response,
            kind=EvidenceKind.LINK,
            url=f"https://vanban.example.gov.vn/mo-phong/{agency.code.lower()}/{code}",
            title=f"Tài liệu kiểm chứng chỉ số {code}",
            uploaded_by_id=staff,
        )

    def _appraisal(
        self,
        assessment: Assessment,
        response: Response,
        plan: IndicatorPlan,
        answer: Answer | None,
    ) -> tuple[Appraisal, Answer | None]:
        """Round 1 of one response: accepted with the self values, sometimes adjusted to a
        worked example with fewer points (with a reason), or still pending. Returns the
        appraisal and the answer its decision stands for (None while pending)."""
        appraisal = Appraisal(
            assessment=assessment,
            response=response,
            campaign_id=assessment.campaign_id,
            indicator_id=response.indicator_id,
            round=Round.FIRST,
            values=response.values,
            not_applicable=response.not_applicable,
        )
        decided = self.phase == Phase.PUBLISHED or self.randomness.random() < DECIDED_SHARE
        if not decided or answer is None:
            return appraisal, None
        lower = plan.lower[plan.answers.index(answer)]
        department = plan.indicator.appraising_units[0]
        appraisal.decided_by_id = self.randomness.choice(self.accounts.appraisers[department])
        appraisal.decided_at = self.calendar.before(Phase.APPRAISAL_1, 6)
        appraisal.version = 1
        chosen = answer
        if lower and self.randomness.random() < ADJUST_CHANCE:
            chosen = self.randomness.choice(lower)
            appraisal.decision = Decision.ADJUSTED
            appraisal.values = chosen.values
            appraisal.not_applicable = chosen.not_applicable
            appraisal.reason = self.randomness.choice(ADJUSTMENT_REASONS)
        else:
            appraisal.decision = Decision.ACCEPTED
        appraisal.status = chosen.score.status
        appraisal.points = chosen.stored_points
        return appraisal, chosen

    @staticmethod
    def _version(appraisal: Appraisal, answer: Answer, chosen: Answer) -> AppraisalVersion:
        """The version record ``decide`` writes: from pending to the decision."""
        return AppraisalVersion(
            appraisal=appraisal,
            version=1,
            changed_by_id=appraisal.decided_by_id,
            before=answer.snapshot(Decision.PENDING),
            after=chosen.snapshot(appraisal.decision, appraisal.reason),
            reason=appraisal.reason,
        )


def _fix_times(campaign: Campaign, calendar: Calendar) -> None:
    """Times the models stamp on save (auto_now), set to the campaign's fixed calendar."""
    Assessment.objects.filter(campaign=campaign).update(updated_at=calendar.at(Phase.APPRAISAL_1))
    Evidence.objects.filter(assessment__campaign=campaign).update(
        uploaded_at=calendar.before(Phase.SELF_ASSESSMENT, 1)
    )
    AppraisalVersion.objects.filter(appraisal__assessment__campaign=campaign).update(
        changed_at=calendar.at(Phase.RESULTS_SENT)
    )
    Result.objects.filter(assessment__campaign=campaign).update(
        frozen_at=calendar.at(Phase.FINALIZED)
    )


def generate_campaign(
    *,
    agencies: int,
    seed: int,
    title: str = "",
    phase: str = Phase.APPRAISAL_1,
    framework: Framework | None = None,
) -> ScaleReport:
    """Generate a campaign of ``agencies`` communes in ``phase`` (see ``PHASES``), the same
    for the same ``seed``. Agencies and accounts that exist already are reused. The campaign
    uses the shipped commune framework unless given another commune ``framework`` (the query
    count tests give a smaller one).

    The campaign is written in one transaction; then the database's planner statistics are
    refreshed, as after any bulk load (``dti.core.database.refresh_planner_statistics``)."""
    report = _generate_campaign(
        agencies=agencies, seed=seed, title=title, phase=phase, framework=framework
    )
    if not connection.in_atomic_block:
        refresh_planner_statistics()
    return report


@transaction.atomic
def _generate_campaign(
    *, agencies: int, seed: int, title: str, phase: str, framework: Framework | None
) -> ScaleReport:
    if agencies < 1:
        raise ScaleDataError("the number of agencies must be at least 1")
    if phase not in PHASES:
        raise ScaleDataError(f"the phase must be one of {', '.join(PHASES)}, not {str(phase)!r}")
    started = time.perf_counter()
    randomness = random.Random(seed)
    framework = framework or commune_framework()
    indicators = list(framework.indicators.order_by("order"))
    departments = _departments(indicators)
    _assign(framework, indicators, departments)
    agency_list, agencies_created = _agencies(agencies)
    accounts = _accounts(agency_list, departments)
    definition = framework_definition(framework)
    plans = [_plan(indicator, definition.indicator(indicator.code)) for indicator in indicators]
    calendar = Calendar(framework.year, randomness)
    title = title or f"DTI {framework.year} — {agencies} xã mô phỏng (seed {seed})"
    campaign = _create_campaign(framework, title, phase, accounts.coordinator, calendar)
    report = ScaleReport(
        campaign=campaign,
        agencies_created=agencies_created,
        users_created=accounts.created,
        framework_code=framework.code,
    )
    builder = Builder(campaign, framework, phase, plans, accounts, calendar, randomness, report)
    for start in range(0, len(agency_list), AGENCIES_PER_CHUNK):
        builder.build(agency_list[start : start + AGENCIES_PER_CHUNK])
    if phase == Phase.PUBLISHED:
        report.results = recompute_campaign(campaign, robustness=True).results
    _fix_times(campaign, calendar)
    report.seconds = time.perf_counter() - started
    record(
        accounts.coordinator,
        "campaign.generate",
        campaign,
        after={
            "seed": seed,
            "agencies": report.assessments,
            "responses": report.responses,
            "appraisals": report.appraisals,
        },
    )
    return report
