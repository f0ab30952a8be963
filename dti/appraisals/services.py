"""Appraisal actions: assignments, deciding an appraisal (with optimistic locking and a version
history), explanations, council opinions. Each change is audited."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dti.agencies.models import Agency, Role, User
from dti.agencies.permissions import can, require
from dti.assessments.models import Assessment, Response
from dti.assessments.scoring import score_response
from dti.audit.services import record
from dti.campaigns.models import Campaign, Phase, Reopening
from dti.campaigns.services import EditingWindow
from dti.core.formatting import ui_renderer
from dti.frameworks.definitions import framework_definition
from dti.frameworks.models import Framework, Indicator
from dti.notifications.services import notify
from dti.scoring.scoring import SCORED, UNANSWERED

from .models import (
    Appraisal,
    AppraisalVersion,
    Assignment,
    CouncilOpinion,
    Decision,
    Explanation,
    Round,
    Verdict,
)
from .scoring import refresh_appraised_totals

ROUND_PHASE = {Round.FIRST: Phase.APPRAISAL_1, Round.SECOND: Phase.APPRAISAL_2}
EXPLANATION_PHASES = (Phase.RESULTS_SENT, Phase.EXPLANATION)


class AppraisalError(Exception):
    """An action was refused; the message says why, in the user's language."""


class AppraisalInvalid(AppraisalError):
    """The decision cannot be recorded as entered; ``errors`` per field (rendered text)."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__("; ".join(message for items in errors.values() for message in items))


class AppraisalConflict(AppraisalError):
    """Someone else changed the appraisal since it was opened: nothing was overwritten."""

    def __init__(self, appraisal: Appraisal):
        self.current = appraisal
        when = (
            timezone.localtime(appraisal.decided_at).strftime("%d/%m/%Y %H:%M")
            if appraisal.decided_at
            else ""
        )
        super().__init__(
            _(
                "This appraisal was changed by %(who)s at %(when)s while you were editing it. "
                "Reload to see their version; your entries are kept below."
            )
            % {"who": appraisal.decided_by or "?", "when": when}
        )


# --- Assignments -------------------------------------------------------------------------


def missing_assignments(framework: Framework) -> list[Indicator]:
    """Indicators of the framework that no department appraises yet."""
    return list(framework.indicators.filter(assignments__isnull=True).order_by("order"))


@transaction.atomic
def assign_defaults(framework: Framework, by) -> int:
    """Assign each indicator to the appraising units its framework file names."""
    require(by, "assignment.manage")
    units = {
        agency.code: agency
        for agency in Agency.objects.filter(is_appraising_unit=True)
        if agency.is_active_in(framework.year)
    }
    created = 0
    for indicator in framework.indicators.all():
        for code in indicator.appraising_units:
            if code in units:
                _assignment, new = Assignment.objects.get_or_create(
                    framework=framework, indicator=indicator, department=units[code]
                )
                created += new
    record(by, "assignment.defaults", framework, after={"created": created})
    return created


# From round 1 to the end of round 2 every indicator needs an appraising department: its items
# are decided in round 1, the explanations filed in between are notified to it, and round 2
# (opened without another check) decides them. Before round 1 the move into it checks the
# whole matrix. From the council on nothing is appraised; a reopening brings the campaign back
# to round 2, and this guard with it.
ASSIGNMENTS_LOCKED_PHASES = (
    Phase.APPRAISAL_1,
    Phase.RESULTS_SENT,
    Phase.EXPLANATION,
    Phase.APPRAISAL_2,
)


@transaction.atomic
def set_assignments(framework: Framework, pairs: set[tuple[int, int]], by) -> None:
    """Replace the framework's assignments by ``pairs`` of (indicator id, department id).

    While a campaign using the framework is under appraisal (``ASSIGNMENTS_LOCKED_PHASES``)
    an indicator may change department but not be left without one."""
    require(by, "assignment.manage")
    indicators = {item.pk: item for item in framework.indicators.all()}
    departments = {item.pk: item for item in Agency.objects.filter(is_appraising_unit=True)}
    unknown = [pair for pair in pairs if pair[0] not in indicators or pair[1] not in departments]
    if unknown:
        raise AppraisalError(
            _("Only indicators of this framework and appraising units can be assigned.")
        )
    current = set(framework.assignments.values_list("indicator_id", "department_id"))
    _refuse_unassigned_during_appraisal(
        framework,
        [
            indicators[indicator_id]
            for indicator_id in {pair[0] for pair in current} - {pair[0] for pair in pairs}
        ],
    )
    removed, added = current - pairs, pairs - current
    for indicator_id, department_id in removed:
        Assignment.objects.filter(indicator_id=indicator_id, department_id=department_id).delete()
    Assignment.objects.bulk_create(
        Assignment(framework=framework, indicator_id=indicator_id, department_id=department_id)
        for indicator_id, department_id in sorted(added)
    )
    if removed or added:

        def label(pair):
            return f"{indicators[pair[0]].code}→{departments[pair[1]].code}"

        record(
            by,
            "assignment.update",
            framework,
            before=sorted(label(pair) for pair in removed),
            after=sorted(label(pair) for pair in added),
        )


def _refuse_unassigned_during_appraisal(framework: Framework, left: list[Indicator]) -> None:
    """Refuse a change that leaves ``left`` (indicators that had a department) with none while
    a campaign using the framework is under appraisal: their items would belong to nobody."""
    if not left:
        return
    campaign = (
        Campaign.objects.filter(frameworks=framework, phase__in=ASSIGNMENTS_LOCKED_PHASES)
        .order_by("-year", "-pk")
        .first()
    )
    if campaign is None:
        return
    raise AppraisalError(
        _(
            "Indicators %(codes)s would be left without an appraising department while "
            "“%(campaign)s” is in the phase “%(phase)s”: from appraisal round 1 to the end of "
            "round 2 every indicator needs one (another department may take it over)."
        )
        % {
            "codes": ", ".join(item.code for item in sorted(left, key=lambda item: item.order)),
            "campaign": campaign.title,
            "phase": Phase(campaign.phase).label,
        }
    )


def campaign_assignment_problems(campaign: Campaign) -> list[str]:
    """Why appraisal round 1 cannot open yet: indicators without an appraising department."""
    problems = []
    for framework in campaign.frameworks.all():
        missing = missing_assignments(framework)
        if missing:
            problems.append(
                _("%(framework)s: no appraising department for %(codes)s.")
                % {
                    "framework": framework.title,
                    "codes": ", ".join(indicator.code for indicator in missing),
                }
            )
    return problems


def departments_of(indicator_ids: Iterable[int]) -> set[int]:
    return set(
        Assignment.objects.filter(indicator_id__in=list(indicator_ids)).values_list(
            "department_id", flat=True
        )
    )


# --- Rounds ------------------------------------------------------------------------------


def open_round_one(campaign: Campaign) -> int:
    """One pending round-1 appraisal per response of the campaign, starting from the self
    values (what the appraiser accepts or adjusts)."""
    responses = Response.objects.filter(assessment__campaign=campaign)
    existing = set(
        Appraisal.objects.filter(assessment__campaign=campaign, round=Round.FIRST).values_list(
            "response_id", flat=True
        )
    )
    created = Appraisal.objects.bulk_create(
        (
            Appraisal(
                assessment_id=response.assessment_id,
                response=response,
                campaign=campaign,
                indicator_id=response.indicator_id,
                round=Round.FIRST,
                values=response.values,
                not_applicable=response.not_applicable,
            )
            for response in responses.iterator()
            if response.pk not in existing
        ),
        batch_size=2000,
    )
    # Nothing is decided yet: the appraised totals are the self-assessed ones.
    campaign.assessments.update(
        appraised_points=F("self_points"),
        appraised_max_points=F("self_max_points"),
        appraised_dti_value=F("self_dti_value"),
        adjusted_count=0,
        pending_count=F("applicable_count"),
    )
    return len(created)


def undecided(campaign: Campaign, round_number: int, *, never_submitted: bool = False) -> int:
    """Pending appraisals of the round (only those of agencies that never submitted their
    self-assessment, with ``never_submitted``)."""
    pending = Appraisal.objects.filter(
        assessment__campaign=campaign, round=round_number, decision=Decision.PENDING
    )
    if never_submitted:
        pending = pending.filter(assessment__submitted_at__isnull=True)
    return pending.count()


def open_round_two(campaign: Campaign) -> int:
    """Round 2 for every adjusted indicator that the agency explained (signed off); agencies
    that filed nothing keep their round-1 result."""
    explained = Explanation.objects.signed_off().filter(assessment__campaign=campaign)
    round_one = {
        appraisal.response_id: appraisal
        for appraisal in Appraisal.objects.filter(
            assessment__campaign=campaign, round=Round.FIRST, decision=Decision.ADJUSTED
        )
    }
    existing = set(
        Appraisal.objects.filter(assessment__campaign=campaign, round=Round.SECOND).values_list(
            "response_id", flat=True
        )
    )
    new = []
    for explanation in explained:
        first = round_one.get(explanation.response_id)
        if first is None or explanation.response_id in existing:
            continue
        new.append(
            Appraisal(
                assessment_id=explanation.assessment_id,
                response_id=explanation.response_id,
                campaign=campaign,
                indicator_id=first.indicator_id,
                round=Round.SECOND,
                values=first.values,
                not_applicable=first.not_applicable,
            )
        )
    Appraisal.objects.bulk_create(new)
    for assessment_id in {item.assessment_id for item in new}:
        Assessment.objects.filter(pk=assessment_id).update(
            pending_count=F("pending_count")
            + sum(1 for item in new if item.assessment_id == assessment_id)
        )
    return len(new)


def _snapshot(appraisal: Appraisal) -> dict[str, Any]:
    return {
        "decision": appraisal.decision,
        "values": appraisal.values,
        "not_applicable": appraisal.not_applicable,
        "points": str(appraisal.points) if appraisal.points is not None else None,
        "reason": appraisal.reason,
    }


def check_round_open(appraisal: Appraisal) -> None:
    phase = ROUND_PHASE[appraisal.round]
    if appraisal.assessment.campaign.phase != phase:
        raise AppraisalError(
            _("Appraisals of this round can be changed only in the phase “%(phase)s”.")
            % {"phase": Phase(phase).label}
        )


@transaction.atomic
def decide(
    appraisal: Appraisal,
    *,
    expected_version: int,
    decision: str,
    by,
    values: dict[str, Any] | None = None,
    not_applicable: bool = False,
    reason: str = "",
    refresh_totals: bool = True,
) -> Appraisal:
    """Accept the self-assessment, or adjust it with a mandatory reason.

    The appraised points are computed by the engine from the appraised values. The update only
    happens if nobody changed the appraisal since ``expected_version``; otherwise
    ``AppraisalConflict`` says who did, and nothing is overwritten.
    """
    require(by, "appraisal.edit", appraisal)
    check_round_open(appraisal)
    response = appraisal.response
    indicator = framework_definition(appraisal.assessment.framework).indicator(
        response.indicator.code
    )
    reason = reason.strip()
    if decision == Decision.ACCEPTED:
        values, not_applicable = response.values, response.not_applicable
    elif decision == Decision.ADJUSTED:
        if not reason:
            raise AppraisalInvalid({"reason": [_("Give the reason for the adjustment.")]})
        known = {spec.code for spec in indicator.inputs}
        values = {code: value for code, value in (values or {}).items() if code in known}
        not_applicable = not_applicable and indicator.may_be_not_applicable
    else:
        raise AppraisalInvalid({"decision": [_("Choose to accept or to adjust.")]})
    score = score_response(indicator, values, not_applicable)
    # An indicator the agency did not answer by the deadline scores 0: accepting confirms it.
    confirms_unanswered = decision == Decision.ACCEPTED and score.status == UNANSWERED
    if score.errors or (score.status == UNANSWERED and not confirms_unanswered):
        renderer = ui_renderer()
        errors = {
            code: [message.render(renderer) for message in items]
            for code, items in score.errors.items()
        }
        for code in score.missing:
            errors.setdefault(code, [_("Enter a value.")])
        raise AppraisalInvalid(errors)
    before = _snapshot(appraisal)
    now = timezone.now()
    changed = Appraisal.objects.filter(pk=appraisal.pk, version=expected_version).update(
        decision=decision,
        values=values,
        not_applicable=not_applicable,
        status=score.status,
        points=score.points if score.status in (SCORED, UNANSWERED) else None,
        reason=reason,
        decided_by=by,
        decided_at=now,
        version=expected_version + 1,
    )
    if not changed:
        raise AppraisalConflict(Appraisal.objects.select_related("decided_by").get(pk=appraisal.pk))
    appraisal.refresh_from_db()
    AppraisalVersion.objects.create(
        appraisal=appraisal,
        version=appraisal.version,
        changed_by=by,
        before=before,
        after=_snapshot(appraisal),
        reason=reason,
    )
    record(
        by, "appraisal.decide", appraisal, before=before, after=_snapshot(appraisal), reason=reason
    )
    if refresh_totals:  # callers deciding many items refresh once per assessment instead
        refresh_appraised_totals(appraisal.assessment)
    return appraisal


# Why bulk acceptance skipped an item.
SKIPPED_DECIDED = "decided"  # already decided (also: by someone else meanwhile)
SKIPPED_NOT_YOURS = "not_yours"  # of an indicator the user's department does not appraise
SKIPPED_CLOSED = "closed"  # its round is not open in the campaign's phase
SKIPPED_INVALID = "invalid"  # the agency's values are not valid: to be adjusted one by one


@dataclass
class BulkResult:
    accepted: int = 0
    skipped: Counter[str] = field(default_factory=Counter)  # reason → items


def bulk_accept(appraisals: Iterable[Appraisal], by) -> BulkResult:
    """Accept every pending appraisal of the list the user may change (each in its own
    transaction, each with its own version check), and count the others by reason. An
    indicator the agency left unanswered is accepted at 0 points, as ``decide`` does."""
    result = BulkResult()
    touched: dict[int, Assessment] = {}
    for appraisal in appraisals:
        if appraisal.decision != Decision.PENDING:
            result.skipped[SKIPPED_DECIDED] += 1
            continue
        if not can(by, "appraisal.edit", appraisal):
            result.skipped[SKIPPED_NOT_YOURS] += 1
            continue
        try:
            decide(
                appraisal,
                expected_version=appraisal.version,
                decision=Decision.ACCEPTED,
                by=by,
                refresh_totals=False,
            )
        except AppraisalConflict:
            result.skipped[SKIPPED_DECIDED] += 1
        except AppraisalInvalid:
            result.skipped[SKIPPED_INVALID] += 1
        except AppraisalError:
            result.skipped[SKIPPED_CLOSED] += 1
        else:
            result.accepted += 1
            touched[appraisal.assessment_id] = appraisal.assessment
    for assessment in touched.values():
        refresh_appraised_totals(assessment)
    return result


def round_two_refusal(response: Response) -> str:
    """Why no round-2 appraisal of ``response`` may be opened now ("" when one may).

    Round 2 decides the adjusted indicators the agency explained (signed off); they are
    opened when the campaign enters round 2. Any other indicator gets one only as a
    correction, once a finalised campaign was reopened: an agency that filed nothing never
    has its result changed without a chance to explain.
    """
    campaign = response.assessment.campaign
    if campaign.phase != Phase.APPRAISAL_2:
        return _("Round 2 is not open.")
    if campaign.reopenings.exists():
        return ""
    explained = (
        Explanation.objects.signed_off().filter(response=response).exists()
        and Appraisal.objects.filter(
            response=response, round=Round.FIRST, decision=Decision.ADJUSTED
        ).exists()
    )
    if explained:
        return ""
    return _(
        "Round 2 decides only the adjusted indicators that the agency explained; this one "
        "keeps its round-1 result. Other corrections are made after the results are "
        "finalised, by reopening the campaign."
    )


@transaction.atomic
def ensure_round_two(response: Response, by) -> Appraisal:
    """The round-2 appraisal of ``response``: the existing one, or a new one where
    ``round_two_refusal`` allows it (an explained adjustment, or a correction after a
    reopening)."""
    require(by, "appraisal.edit", response)
    if response.assessment.campaign.phase != Phase.APPRAISAL_2:
        raise AppraisalError(_("Round 2 is not open."))
    existing = Appraisal.objects.filter(response=response, round=Round.SECOND).first()
    if existing is not None:
        return existing
    refusal = round_two_refusal(response)
    if refusal:
        raise AppraisalError(refusal)
    first = Appraisal.objects.get(response=response, round=Round.FIRST)
    appraisal, created = Appraisal.objects.get_or_create(
        response=response,
        round=Round.SECOND,
        defaults={
            "assessment_id": response.assessment_id,
            "campaign_id": first.campaign_id,
            "indicator_id": first.indicator_id,
            "values": first.values,
            "not_applicable": first.not_applicable,
        },
    )
    if created:
        record(by, "appraisal.open_round_two", appraisal)
        refresh_appraised_totals(response.assessment)
    return appraisal


# --- Explanations ------------------------------------------------------------------------


def explanation_window(assessment: Assessment, now=None) -> EditingWindow:
    """Agencies explain adjusted indicators after round-1 results are sent, until the
    explanation deadline (or their extension), and until their leader signs off."""
    now = now or timezone.now()
    campaign = assessment.campaign
    if campaign.phase not in EXPLANATION_PHASES:
        return EditingWindow(
            False,
            _(
                "Explanations are filed after the round-1 results are "
                "sent, until the explanation deadline."
            ),
            None,
        )
    deadline = campaign.deadline_of(Phase.EXPLANATION)
    extension = max(
        (item.until for item in assessment.extensions.all() if item.phase in EXPLANATION_PHASES),
        default=None,
    )
    closes_at = max(filter(None, [deadline, extension]), default=None)
    if assessment.explanation_submitted_at is not None:
        return EditingWindow(False, _("The explanations have been submitted."), closes_at)
    if closes_at is not None and now > closes_at:
        return EditingWindow(False, _("The explanation deadline has passed."), closes_at)
    return EditingWindow(True, "", closes_at)


def unexplained_adjustments(campaign: Campaign) -> list[Assessment]:
    """Assessments with indicators adjusted in round 1 and no explanations signed off yet,
    with what ``explanation_window`` reads."""
    return list(
        campaign.assessments.filter(
            explanation_submitted_at__isnull=True,
            appraisals__round=Round.FIRST,
            appraisals__decision=Decision.ADJUSTED,
        )
        .distinct()
        .select_related("agency", "campaign")
        .prefetch_related("extensions", "campaign__deadlines")
        .order_by("agency__code")
    )


def check_explanation_editable(assessment: Assessment, by) -> None:
    require(by, "explanation.edit", assessment)
    window = explanation_window(assessment)
    if not window.open:
        raise AppraisalError(window.reason)


@transaction.atomic
def save_explanation(response: Response, text: str, by) -> Explanation | None:
    """File (or withdraw, with an empty text) the explanation of an adjusted indicator."""
    assessment = response.assessment
    check_explanation_editable(assessment, by)
    adjusted = Appraisal.objects.filter(
        response=response, round=Round.FIRST, decision=Decision.ADJUSTED
    ).exists()
    if not adjusted:
        raise AppraisalError(_("Only indicators adjusted in round 1 can be explained."))
    text = text.strip()
    existing = Explanation.objects.filter(response=response).first()
    before = {"text": existing.text} if existing else None
    if not text:
        if existing:
            existing.delete()
            record(by, "explanation.withdraw", response, before=before)
        return None
    explanation, _created = Explanation.objects.update_or_create(
        response=response, defaults={"assessment": assessment, "text": text, "updated_by": by}
    )
    record(by, "explanation.save", explanation, before=before, after={"text": text})
    return explanation


@transaction.atomic
def submit_explanations(assessment: Assessment, by) -> int:
    """The agency leader signs off the explanations; the appraisers of the explained
    indicators and the working group are notified."""
    require(by, "explanation.submit", assessment)
    assessment = (
        Assessment.objects.select_for_update()
        .select_related("campaign", "agency")
        .get(pk=assessment.pk)
    )
    check_explanation_editable(assessment, by)
    explanations = list(assessment.explanations.select_related("response__indicator"))
    if not explanations:
        raise AppraisalError(
            _(
                "There is no explanation to submit; an agency that explains "
                "nothing keeps its round-1 result."
            )
        )
    assessment.explanation_submitted_at = timezone.now()
    assessment.explanation_submitted_by = by
    assessment.save(update_fields=["explanation_submitted_at", "explanation_submitted_by"])
    record(
        by,
        "explanation.submit",
        assessment,
        after={"indicators": [item.response.indicator.code for item in explanations]},
    )
    departments = departments_of(item.response.indicator_id for item in explanations)
    recipients = User.objects.filter(
        Q(role=Role.APPRAISER, agency_id__in=departments) | Q(role=Role.WORKING_GROUP)
    )
    notify(
        recipients,
        kind="explanation.filed",
        title=gettext_lazy("An agency filed explanations"),
        body=gettext_lazy("%(agency)s explained %(count)s adjusted indicator(s) in %(campaign)s."),
        params={
            "agency": assessment.agency.name,
            "count": len(explanations),
            "campaign": assessment.campaign.title,
        },
        url=reverse("appraisals:queue", kwargs={"campaign_id": assessment.campaign_id})
        + "?"
        + urlencode({"agency": assessment.agency.code, "round": 2}),
    )
    return len(explanations)


# --- Council -----------------------------------------------------------------------------


def latest_reopening(campaign: Campaign) -> Reopening | None:
    """The reopening the council's current consultation follows (None: the first one).
    Opinions given before it are kept for the record but no longer count."""
    reopenings = list(campaign.reopenings.all())  # in order; prefetched by the council pages
    return reopenings[-1] if reopenings else None


@transaction.atomic
def submit_opinion(campaign: Campaign, *, verdict: str, comments: str, by) -> CouncilOpinion:
    """Give (or change) the member's opinion in the current consultation; an opinion given
    before the latest reopening stays as it was, as an earlier one."""
    require(by, "council.opinion")
    if campaign.phase != Phase.COUNCIL:
        raise AppraisalError(
            _("Opinions are given while the campaign is in the phase “%(phase)s”.")
            % {"phase": Phase.COUNCIL.label}
        )
    if verdict not in Verdict.values:
        raise AppraisalInvalid({"verdict": [_("Choose your opinion.")]})
    comments = comments.strip()
    if verdict != Verdict.AGREE and not comments:
        raise AppraisalInvalid({"comments": [_("Give your comments or reasons.")]})
    reopening = latest_reopening(campaign)
    existing = CouncilOpinion.objects.filter(
        campaign=campaign, member=by, reopening=reopening
    ).first()
    before = {"verdict": existing.verdict, "comments": existing.comments} if existing else None
    opinion, _created = CouncilOpinion.objects.update_or_create(
        campaign=campaign,
        member=by,
        reopening=reopening,
        defaults={"verdict": verdict, "comments": comments},
    )
    record(
        by,
        "council.opinion",
        opinion,
        before=before,
        after={
            "verdict": verdict,
            "comments": comments,
            "after_reopening": reopening.pk if reopening else None,
        },
    )
    return opinion


@dataclass
class Tally:
    counts: dict[str, int]
    opinions: list[CouncilOpinion]  # of the current consultation: the ones that count
    not_answered: list[User]  # active members without an opinion in the current consultation
    earlier: list[CouncilOpinion]  # given before the latest reopening, for the record


def council_tally(campaign: Campaign) -> Tally:
    reopening = latest_reopening(campaign)
    every = list(campaign.council_opinions.select_related("member").order_by("submitted_at", "pk"))
    current = reopening.pk if reopening else None
    opinions = [item for item in every if item.reopening_id == current]
    earlier = [item for item in every if item.reopening_id != current]
    answered = {opinion.member_id for opinion in opinions}
    members = User.objects.filter(role=Role.COUNCIL_MEMBER, is_active=True).order_by("username")
    counts = {verdict: 0 for verdict in Verdict.values}
    for opinion in opinions:
        counts[opinion.verdict] += 1
    return Tally(
        counts,
        opinions,
        [member for member in members if member.pk not in answered],
        earlier,
    )
