"""Campaign actions: creation, deadlines, phase moves and extensions. Each one is audited."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dti.agencies.models import Agency
from dti.agencies.permissions import require
from dti.agencies.selectors import flags_by_agency
from dti.assessments.models import Assessment, AssessmentStatus, Response
from dti.audit.services import record
from dti.frameworks.models import Framework

from .models import (
    PHASE_ORDER,
    Campaign,
    CampaignFramework,
    Extension,
    Phase,
    PhaseDeadline,
    PhaseTransition,
    next_phase,
)

# The yearly schedule of the plans (2024 annex 01; 2025 section II): months are the plans', the
# days are defaults the coordinator edits when the year's plan fixes them.
DEFAULT_SCHEDULE = {
    Phase.PREPARATION: (4, 30),
    Phase.SELF_ASSESSMENT: (11, 10),
    Phase.APPRAISAL_1: (11, 17),
    Phase.RESULTS_SENT: (11, 19),
    Phase.EXPLANATION: (11, 24),
    Phase.APPRAISAL_2: (11, 28),
    Phase.COUNCIL: (12, 10),
    Phase.FINALIZED: (12, 15),
    Phase.PUBLISHED: (12, 20),
}


class CampaignError(Exception):
    """An action was refused; ``problems`` say why, in the user's language."""

    def __init__(self, problems: list[str], *, confirmable: bool = False):
        self.problems = problems
        self.confirmable = confirmable  # only warnings: moving on with a confirmation is allowed
        super().__init__("; ".join(problems))


def end_of_day(date: datetime.date) -> datetime.datetime:
    """23:59:59 local time of ``date``: a deadline "on 10/11" includes that whole day."""
    naive = datetime.datetime.combine(date, datetime.time(23, 59, 59))
    return timezone.make_aware(naive)


def default_deadlines(year: int) -> dict[str, datetime.datetime]:
    return {
        phase: end_of_day(datetime.date(year, month, day))
        for phase, (month, day) in DEFAULT_SCHEDULE.items()
    }


def default_participants(frameworks: Iterable[Framework], year: int) -> list[Agency]:
    tiers = {framework.tier for framework in frameworks}
    return [
        agency
        for agency in Agency.objects.filter(tier__in=tiers, is_assessed=True)
        if agency.is_active_in(year)
    ]


def inactive_in(agency: Agency, year: int) -> str:
    """Why ``agency`` cannot take part in a campaign of ``year``; "" when it can."""
    if agency.active_until is not None and agency.active_until < year:
        return _(
            "%(agency)s is active only until %(until)s: it cannot take part in a %(year)s campaign."
        ) % {"agency": agency, "until": agency.active_until, "year": year}
    if agency.active_from is not None and agency.active_from > year:
        return _(
            "%(agency)s is active only from %(from)s: it cannot take part in a %(year)s campaign."
        ) % {"agency": agency, "from": agency.active_from, "year": year}
    return ""


@transaction.atomic
def create_campaign(
    *,
    year: int,
    title: str,
    plan_reference: str,
    frameworks: list[Framework],
    agencies: list[Agency] | None,
    by,
    deadlines: dict[str, datetime.datetime] | None = None,
) -> Campaign:
    """Create a campaign and, per participating agency, its assessment with one response per
    indicator that applies to it (by the agency's flags of the campaign's year)."""
    require(by, "campaign.manage")
    by_tier: dict[str, Framework] = {}
    problems = []
    for framework in frameworks:
        if framework.tier in by_tier:
            problems.append(
                _("Choose one framework per tier (two for %(tier)s).")
                % {"tier": framework.get_tier_display()}
            )
        by_tier[framework.tier] = framework
    if not frameworks:
        problems.append(_("Choose at least one framework."))
    agencies = default_participants(frameworks, year) if agencies is None else agencies
    for agency in agencies:
        if agency.tier not in by_tier:
            problems.append(
                _("%(agency)s is of a tier without a framework in this campaign.")
                % {"agency": agency}
            )
        if inactive := inactive_in(agency, year):
            problems.append(inactive)
    if not agencies:
        problems.append(_("Choose at least one participating agency."))
    if problems:
        raise CampaignError(problems)
    campaign = Campaign.objects.create(
        year=year, title=title, plan_reference=plan_reference, created_by=by
    )
    for tier, framework in by_tier.items():
        CampaignFramework.objects.create(campaign=campaign, framework=framework, tier=tier)
    deadlines = deadlines or default_deadlines(year)
    PhaseDeadline.objects.bulk_create(
        PhaseDeadline(campaign=campaign, phase=phase, due_at=due_at)
        for phase, due_at in deadlines.items()
    )
    _create_assessments(campaign, by_tier, agencies)
    record(
        by,
        "campaign.create",
        campaign,
        after={
            "year": year,
            "title": title,
            "plan_reference": plan_reference,
            "frameworks": [str(framework) for framework in frameworks],
            "agencies": len(agencies),
        },
    )
    return campaign


def _create_assessments(
    campaign: Campaign, by_tier: dict[str, Framework], agencies: list[Agency]
) -> None:
    indicators = {
        tier: list(framework.indicators.order_by("order")) for tier, framework in by_tier.items()
    }
    flags = flags_by_agency(agencies, campaign.year)
    assessments = Assessment.objects.bulk_create(
        Assessment(
            campaign=campaign,
            agency=agency,
            framework=by_tier[agency.tier],
            agency_flags=sorted(flags[agency.pk]),
        )
        for agency in agencies
    )
    if not all(assessment.pk for assessment in assessments):  # backends without RETURNING
        assessments = list(campaign.assessments.select_related("agency"))
    responses = []
    for assessment in assessments:
        applicable = [
            indicator
            for indicator in indicators[assessment.agency.tier]
            if indicator.applies_to_flags(assessment.flag_set)
        ]
        responses += [
            Response(assessment=assessment, indicator=indicator) for indicator in applicable
        ]
    Response.objects.bulk_create(responses, batch_size=2000)
    from dti.assessments.services import refresh_totals

    for assessment in assessments:
        refresh_totals(assessment)


@transaction.atomic
def set_deadlines(campaign: Campaign, deadlines: dict[str, datetime.datetime], by) -> None:
    require(by, "campaign.manage")
    before = {item.phase: item.due_at for item in campaign.deadlines.all()}
    for phase, due_at in deadlines.items():
        PhaseDeadline.objects.update_or_create(
            campaign=campaign, phase=phase, defaults={"due_at": due_at}
        )
    changed = {phase: due for phase, due in deadlines.items() if before.get(phase) != due}
    if changed:
        record(
            by,
            "campaign.deadlines",
            campaign,
            before={phase: before.get(phase) for phase in changed},
            after=changed,
        )


# Checks that must pass before a campaign may enter a phase: (campaign) -> problems.
PhaseCheck = Callable[[Campaign], list[str]]
PHASE_ENTRY_CHECKS: dict[str, list[PhaseCheck]] = {phase: [] for phase in PHASE_ORDER}


def _no_assessments(campaign: Campaign) -> list[str]:
    if not campaign.assessments.exists():
        return [_("The campaign has no participating agency.")]
    return []


PHASE_ENTRY_CHECKS[Phase.SELF_ASSESSMENT].append(_no_assessments)

# Warnings the coordinator may move past by confirming, with the reason in the note (e.g. moving
# on before a deadline): (campaign) -> problems.
PHASE_ENTRY_WARNINGS: dict[str, list[PhaseCheck]] = {phase: [] for phase in PHASE_ORDER}

# What happens when a campaign enters a phase, in the same transaction: (campaign, by) -> None.
PhaseAction = Callable[[Campaign, object], None]
PHASE_ENTRY_ACTIONS: dict[str, list[PhaseAction]] = {phase: [] for phase in PHASE_ORDER}


@transaction.atomic
def move_phase(
    campaign: Campaign, to_phase: str, by, note: str = "", confirmed: bool = False
) -> PhaseTransition:
    """Move the campaign to the next phase, after the checks that phase requires; past its
    warnings only when ``confirmed`` with the reason in ``note`` (both are logged)."""
    require(by, "campaign.manage")
    current = Campaign.objects.select_for_update().get(pk=campaign.pk).phase
    expected = next_phase(current)
    if to_phase != expected:
        raise CampaignError(
            [
                _("The campaign is in the phase “%(current)s”; the next phase is “%(expected)s”.")
                % {
                    "current": Phase(current).label,
                    "expected": Phase(expected).label if expected else "—",
                }
            ]
        )
    problems = [problem for check in PHASE_ENTRY_CHECKS[to_phase] for problem in check(campaign)]
    if problems:
        raise CampaignError(problems)
    warnings = [warning for check in PHASE_ENTRY_WARNINGS[to_phase] for warning in check(campaign)]
    if warnings and not (confirmed and note.strip()):
        raise CampaignError(
            [
                *warnings,
                _("To move on anyway, tick “Move on anyway” and give the reason in the note."),
            ],
            confirmable=True,
        )
    transition = PhaseTransition.objects.create(
        campaign=campaign, from_phase=current, to_phase=to_phase, moved_by=by, note=note
    )
    record(
        by,
        "campaign.phase",
        campaign,
        before={"phase": current},
        after={"phase": to_phase, **({"confirmed_warnings": warnings} if warnings else {})},
        reason=note,
    )
    campaign.phase = to_phase
    campaign.save(update_fields=["phase"])
    for action in PHASE_ENTRY_ACTIONS[to_phase]:
        action(campaign, by)
    return transition


# The phases with agency work that an extension keeps open: the self-assessment (see
# ``editing_window``) and the explanations, from the sending of the round-1 results to the
# explanation deadline (``dti.appraisals.services.explanation_window``). In any other phase an
# extension would be recorded and never read.
EXTENDABLE_PHASES = (Phase.SELF_ASSESSMENT, Phase.RESULTS_SENT, Phase.EXPLANATION)


def extension_refusal(campaign: Campaign) -> str:
    """Why no extension can be granted in the campaign's current phase; "" when one can."""
    if campaign.phase in EXTENDABLE_PHASES:
        return ""
    return _(
        "No extension can be granted in the phase “%(phase)s”: agencies have no work to hand "
        "in during it. Extensions are granted during the self-assessment and the explanations."
    ) % {"phase": Phase(campaign.phase).label}


@transaction.atomic
def grant_extension(
    assessment: Assessment, *, until: datetime.datetime, reason: str, by
) -> Extension:
    """Let one agency keep editing the current phase's work until ``until``; refused in a
    phase without agency work (see ``EXTENDABLE_PHASES``).

    A submitted self-assessment goes back to draft, so that the leader signs off again.
    """
    require(by, "campaign.manage")
    # Locked with its campaign (a phase move waits), so the phase checked is the one recorded.
    assessment = (
        Assessment.objects.select_for_update().select_related("campaign").get(pk=assessment.pk)
    )
    campaign = assessment.campaign
    problems = [refusal] if (refusal := extension_refusal(campaign)) else []
    if not reason.strip():
        problems.append(_("Give the reason for the extension."))
    if until <= timezone.now():
        problems.append(_("The extension must end in the future."))
    if problems:
        raise CampaignError(problems)
    extension = Extension.objects.create(
        assessment=assessment,
        phase=campaign.phase,
        until=until,
        reason=reason.strip(),
        granted_by=by,
    )
    before_status = assessment.status
    if campaign.phase == Phase.SELF_ASSESSMENT and assessment.status == AssessmentStatus.SUBMITTED:
        assessment.status = AssessmentStatus.DRAFT
        assessment.submitted_at = None
        assessment.submitted_by = None
        assessment.save(update_fields=["status", "submitted_at", "submitted_by"])
    record(
        by,
        "assessment.extension",
        assessment,
        before={"status": before_status},
        after={"status": assessment.status, "phase": campaign.phase, "until": until},
        reason=reason.strip(),
    )
    return extension


@dataclass(frozen=True)
class EditingWindow:
    open: bool
    reason: str  # why it is closed, for the user
    closes_at: datetime.datetime | None


def editing_window(
    assessment: Assessment, phase: str = Phase.SELF_ASSESSMENT, now: datetime.datetime | None = None
) -> EditingWindow:
    """May the agency change this assessment's work of ``phase`` now?"""
    now = now or timezone.now()
    campaign = assessment.campaign
    if campaign.phase != phase:
        return EditingWindow(
            False,
            _("The campaign is not in the phase “%(phase)s”.") % {"phase": Phase(phase).label},
            None,
        )
    extension = max(
        (item.until for item in assessment.extensions.all() if item.phase == phase), default=None
    )
    deadline = campaign.deadline_of(phase)
    closes_at = max(filter(None, [deadline, extension]), default=None)
    if phase == Phase.SELF_ASSESSMENT and assessment.status != AssessmentStatus.DRAFT:
        return EditingWindow(False, _("The assessment has been submitted."), closes_at)
    if closes_at is not None and now > closes_at:
        return EditingWindow(
            False,
            _("The deadline has passed (%(deadline)s).")
            % {"deadline": timezone.localtime(closes_at).strftime("%d/%m/%Y %H:%M")},
            closes_at,
        )
    return EditingWindow(True, "", closes_at)
