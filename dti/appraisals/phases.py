"""What the appraisal phases check before a campaign enters them, and do when it does."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dti.agencies.models import Role, User
from dti.assessments.models import AssessmentStatus
from dti.campaigns.models import Campaign, Phase
from dti.campaigns.services import (
    PHASE_ENTRY_ACTIONS,
    PHASE_ENTRY_CHECKS,
    PHASE_ENTRY_WARNINGS,
    editing_window,
)
from dti.notifications.services import notify
from dti.results.services import freeze_results

from .models import Round
from .services import (
    campaign_assignment_problems,
    explanation_window,
    latest_reopening,
    open_round_one,
    open_round_two,
    undecided,
    unexplained_adjustments,
)


def _agency_users(campaign: Campaign):
    return User.objects.filter(
        role__in=[Role.AGENCY_STAFF, Role.AGENCY_LEADER], agency__assessments__campaign=campaign
    ).distinct()


def _all_decided(round_number: int):
    def check(campaign: Campaign) -> list[str]:
        pending = undecided(campaign, round_number)
        if not pending:
            return []
        problem = _("%(count)s appraisal(s) of round %(round)s are not decided yet.") % {
            "count": pending,
            "round": round_number,
        }
        never_submitted = undecided(campaign, round_number, never_submitted=True)
        if never_submitted:
            problem += " " + _(
                "%(count)s of them belong to agencies that never submitted their "
                "self-assessment: accepting an indicator they did not answer confirms its 0 points."
            ) % {"count": never_submitted}
        return [problem]

    return check


# Agencies named in the warnings before round 1 and round 2, at most.
NAMED_AGENCIES = 10


def _named(assessments) -> str:
    names = ", ".join(str(assessment.agency) for assessment in assessments[:NAMED_AGENCIES])
    return names + " …" if len(assessments) > NAMED_AGENCIES else names


def _deadline_text(campaign: Campaign, phase: str) -> str:
    deadline = campaign.deadline_of(phase)
    return timezone.localtime(deadline).strftime("%d/%m/%Y %H:%M") if deadline else "—"


def _self_assessments_still_open(campaign: Campaign) -> list[str]:
    """Round 1 before the self-assessment deadline: drafts that their agencies may still
    complete and submit (an extension counts); opening round 1 ends that, so the coordinator
    confirms moving on anyway."""
    drafts = (
        campaign.assessments.filter(status=AssessmentStatus.DRAFT)
        .select_related("agency", "campaign")
        .prefetch_related("extensions", "campaign__deadlines")
        .order_by("agency__code")
    )
    waiting = [assessment for assessment in drafts if editing_window(assessment).open]
    if not waiting:
        return []
    return [
        _(
            "%(count)s assessment(s) are still drafts that their agencies may complete and "
            "submit (self-assessment deadline: %(deadline)s): %(agencies)s."
        )
        % {
            "count": len(waiting),
            "deadline": _deadline_text(campaign, Phase.SELF_ASSESSMENT),
            "agencies": _named(waiting),
        }
    ]


def _explanations_still_expected(campaign: Campaign) -> list[str]:
    """Round 2 before the explanation deadline: agencies with adjusted indicators that have
    filed nothing yet and may still do so (the coordinator may confirm moving on anyway)."""
    waiting = [
        assessment
        for assessment in unexplained_adjustments(campaign)
        if explanation_window(assessment).open
    ]
    if not waiting:
        return []
    return [
        _(
            "%(count)s agency(ies) with adjusted indicators have not filed their explanations "
            "and may still do so (explanation deadline: %(deadline)s): %(agencies)s."
        )
        % {
            "count": len(waiting),
            "deadline": _deadline_text(campaign, Phase.EXPLANATION),
            "agencies": _named(waiting),
        }
    ]


def _enter_round_one(campaign: Campaign, by) -> None:
    open_round_one(campaign)


def _send_round_one(campaign: Campaign, by) -> None:
    campaign.assessments.update(status=AssessmentStatus.APPRAISED_1)
    notify(
        _agency_users(campaign),
        kind="results.sent",
        title=gettext_lazy("Round-1 appraisal results are available"),
        body=gettext_lazy(
            "See your appraised points per indicator and explain adjusted "
            "indicators before the explanation deadline."
        ),
        url=reverse("assessments:mine"),
    )


def _enter_round_two(campaign: Campaign, by) -> None:
    campaign.assessments.filter(explanation_submitted_at__isnull=False).update(
        status=AssessmentStatus.EXPLAINED
    )
    campaign.assessments.filter(explanation_submitted_at__isnull=True).update(
        status=AssessmentStatus.NO_EXPLANATION
    )
    open_round_two(campaign)


def _ask_council(campaign: Campaign, by) -> None:
    campaign.assessments.update(status=AssessmentStatus.APPRAISED_2)
    members = User.objects.filter(Q(role=Role.COUNCIL_MEMBER))
    url = reverse("appraisals:council", kwargs={"campaign_id": campaign.pk})
    reopening = latest_reopening(campaign)
    if reopening is None:
        notify(
            members,
            kind="council.asked",
            title=gettext_lazy("Your opinion is requested"),
            body=gettext_lazy(
                "The consolidated DTI results are ready for the council's written opinions."
            ),
            url=url,
        )
        return
    notify(
        members,
        kind="council.asked",
        title=gettext_lazy("Your opinion is requested again"),
        body=gettext_lazy(
            "The results of %(campaign)s were corrected after a reopening (%(reason)s). "
            "Opinions given before the reopening no longer count: please give yours again."
        ),
        params={"campaign": campaign.title, "reason": reopening.reason},
        url=url,
    )


def _finalise(campaign: Campaign, by) -> None:
    freeze_results(campaign, by)


PHASE_ENTRY_CHECKS[Phase.APPRAISAL_1].append(campaign_assignment_problems)
PHASE_ENTRY_WARNINGS[Phase.APPRAISAL_1].append(_self_assessments_still_open)
PHASE_ENTRY_ACTIONS[Phase.APPRAISAL_1].append(_enter_round_one)
PHASE_ENTRY_CHECKS[Phase.RESULTS_SENT].append(_all_decided(Round.FIRST))
PHASE_ENTRY_ACTIONS[Phase.RESULTS_SENT].append(_send_round_one)
PHASE_ENTRY_WARNINGS[Phase.APPRAISAL_2].append(_explanations_still_expected)
PHASE_ENTRY_ACTIONS[Phase.APPRAISAL_2].append(_enter_round_two)
PHASE_ENTRY_CHECKS[Phase.COUNCIL].append(_all_decided(Round.SECOND))
PHASE_ENTRY_ACTIONS[Phase.COUNCIL].append(_ask_council)
PHASE_ENTRY_ACTIONS[Phase.FINALIZED].append(_finalise)
