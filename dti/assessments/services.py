"""Self-assessment actions: saving responses, marking ready, submitting. Each one is audited."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dti.agencies.models import Role, User
from dti.agencies.permissions import require
from dti.audit.services import record
from dti.campaigns.models import Phase
from dti.campaigns.services import editing_window
from dti.frameworks.definitions import framework_definition
from dti.notifications.services import notify
from dti.scoring import IndicatorScore

from .models import Assessment, AssessmentStatus, Response, ResponseStatus
from .scoring import score_assessment, score_response


class EditingClosed(Exception):
    """The assessment cannot be changed now; the message says why."""


@dataclass
class MissingItem:
    code: str
    name: str
    reason: str


@dataclass
class SaveResult:
    score: IndicatorScore
    errors: dict[str, list[str]] = field(default_factory=dict)


def check_editable(assessment: Assessment, user) -> None:
    require(user, "assessment.edit", assessment)
    window = editing_window(assessment, Phase.SELF_ASSESSMENT)
    if not window.open:
        raise EditingClosed(window.reason)


@transaction.atomic
def save_response(
    response: Response,
    *,
    values: dict[str, Any],
    not_applicable: bool,
    note: str,
    by,
    source: str = "",
    measured_at: datetime.datetime | None = None,
) -> SaveResult:
    """Store what the user typed — also when it is invalid — and the points it gives.

    Invalid values are kept as typed so the user can correct them; they score 0 until then.
    ``source`` and ``measured_at`` say where the values come from (see ``Response.source``).
    """
    assessment = response.assessment
    check_editable(assessment, by)
    score, changed = _store_response(
        response, values, not_applicable, note, by, source=source, measured_at=measured_at
    )
    if changed:
        clear_ready_mark(assessment, by)
    refresh_totals(assessment)
    return SaveResult(score=score)


@transaction.atomic
def store_measurement(
    response: Response,
    values: dict[str, Any],
    *,
    source: str,
    measured_at: datetime.datetime,
    client_label: str,
) -> IndicatorScore:
    """Store automatically measured values sent by an API client, which is not a user.

    The caller has checked that the client may write this indicator for this agency and that
    the values are valid; here the editing window is checked as for a user's save, and the
    audit event names the client. Sending the same values with the same provenance again
    changes nothing and records nothing, so a client may safely repeat a request.
    """
    response = (
        Response.objects.select_for_update(of=("self",))
        .select_related("assessment__campaign", "assessment__framework", "indicator")
        .get(pk=response.pk)
    )
    window = editing_window(response.assessment, Phase.SELF_ASSESSMENT)
    if not window.open:
        raise EditingClosed(window.reason)
    unchanged = (
        response.values == values
        and not response.not_applicable
        and response.source == source
        and response.measured_at == measured_at
    )
    if unchanged:
        indicator = framework_definition(response.assessment.framework).indicator(
            response.indicator.code
        )
        return score_response(indicator, response.values)
    score, _changed = _store_response(
        response,
        values,
        False,
        response.note,
        None,
        source=source,
        measured_at=measured_at,
        reason=f"Sent by the API client “{client_label}”",
    )
    clear_ready_mark(response.assessment, None)  # the values changed: see the check above
    refresh_totals(response.assessment)
    return score


@transaction.atomic
def save_responses(
    assessment: Assessment, answers: dict[Response, dict[str, Any]], by
) -> dict[Response, IndicatorScore]:
    """Several responses of one assessment at once (values, not_applicable and note each),
    with the totals refreshed once at the end."""
    check_editable(assessment, by)
    scores = {}
    any_changed = False
    for response, answer in answers.items():
        scores[response], changed = _store_response(
            response,
            answer["values"],
            answer.get("not_applicable", False),
            answer.get("note", ""),
            by,
        )
        any_changed = any_changed or changed
    if any_changed:
        clear_ready_mark(assessment, by)
    refresh_totals(assessment)
    return scores


def _store_response(
    response: Response,
    values: dict[str, Any],
    not_applicable: bool,
    note: str,
    by,
    *,
    source: str = "",
    measured_at: datetime.datetime | None = None,
    reason: str = "",
) -> tuple[IndicatorScore, bool]:
    """Store one response; returns its score and whether the answer (values, not applicable,
    note) changed."""
    indicator = framework_definition(response.assessment.framework).indicator(
        response.indicator.code
    )
    known = {spec.code for spec in indicator.inputs}
    clean_values = {code: value for code, value in values.items() if code in known}
    allowed_na = not_applicable and indicator.may_be_not_applicable
    score = score_response(indicator, clean_values, allowed_na)
    before = {
        "values": response.values,
        "not_applicable": response.not_applicable,
        "note": response.note,
        "points": response.points,
        "source": response.source,
        "measured_at": response.measured_at,
    }
    changed = (response.values, response.not_applicable, response.note) != (
        clean_values,
        allowed_na,
        note,
    )
    response.values = clean_values
    response.not_applicable = allowed_na
    response.note = note
    response.status = score.status
    response.points = score.points if score.status == ResponseStatus.SCORED else None
    response.updated_at = timezone.now()
    response.updated_by = by
    response.source = source
    response.measured_at = measured_at
    response.version = F("version") + 1
    response.save()
    response.refresh_from_db(fields=["version"])
    record(
        by,
        "response.save",
        response,
        before=before,
        after={
            "values": clean_values,
            "not_applicable": allowed_na,
            "note": note,
            "points": response.points,
            "source": source,
            "measured_at": measured_at,
        },
        reason=reason,
    )
    return score, changed


def clear_ready_mark(assessment: Assessment, by) -> None:
    """Take back the "ready for sign-off" mark after a change of an answer or of evidence: the
    leader must never sign off on the strength of a mark set before the content changed."""
    cleared = Assessment.objects.filter(pk=assessment.pk, marked_ready_at__isnull=False).update(
        marked_ready_at=None, marked_ready_by=None
    )
    if cleared:
        record(
            by,
            "assessment.ready_cleared",
            assessment,
            before={
                "marked_ready_at": assessment.marked_ready_at,
                "marked_ready_by": str(assessment.marked_ready_by or ""),
            },
        )
    assessment.marked_ready_at = None
    assessment.marked_ready_by = None


def refresh_totals(assessment: Assessment) -> None:
    """Recompute the self-assessed totals and progress kept on the assessment.

    The assessment row is locked first: two saves of different indicators of one agency at
    the same moment would otherwise each total the answers they see and the later write
    would lose the other's answer (PostgreSQL; SQLite serialises writing transactions)."""
    Assessment.objects.select_for_update().filter(pk=assessment.pk).exists()
    responses = list(assessment.responses.select_related("indicator"))
    score = score_assessment(assessment, responses)
    assessment.self_points = score.points
    assessment.self_max_points = score.max_points
    assessment.self_dti_value = score.dti_value
    assessment.applicable_count = len(responses)
    assessment.answered_count = sum(1 for item in score.indicators.values() if item.is_complete)
    assessment.save(
        update_fields=[
            "self_points",
            "self_max_points",
            "self_dti_value",
            "applicable_count",
            "answered_count",
            "updated_at",
        ]
    )


def missing_items(assessment: Assessment) -> list[MissingItem]:
    """What stops a submission: unanswered or invalid indicators, missing required evidence."""
    responses = list(
        assessment.responses.select_related("indicator")
        .prefetch_related("evidence")
        .order_by("indicator__order")
    )
    score = score_assessment(assessment, responses)
    missing = []
    for response in responses:
        indicator = response.indicator
        result = score.indicators[indicator.code]
        if result.status == ResponseStatus.INVALID:
            missing.append(
                MissingItem(indicator.code, indicator.name, _("Some values are not valid."))
            )
        elif not result.is_complete:
            missing.append(MissingItem(indicator.code, indicator.name, _("Not answered.")))
        if (
            indicator.evidence_required
            and result.status != ResponseStatus.NOT_APPLICABLE
            and not response.evidence.all()
        ):
            missing.append(
                MissingItem(indicator.code, indicator.name, _("Required evidence is missing."))
            )
    return missing


class SubmissionRefused(Exception):
    """The assessment is not complete: ``missing`` says what stops its sign-off."""

    def __init__(self, missing: list[MissingItem]):
        self.missing = missing
        super().__init__(f"{len(missing)} item(s) missing")


@transaction.atomic
def mark_ready(assessment: Assessment, by) -> None:
    """Agency staff tell their leader the assessment is ready for sign-off.

    Refused (SubmissionRefused) with the same list of what is missing as a submission; the
    agency's leaders are notified. A later change of an answer or of evidence clears the mark.
    """
    require(by, "assessment.mark_ready", assessment)
    assessment = (
        Assessment.objects.select_for_update()
        .select_related("campaign", "agency")
        .get(pk=assessment.pk)
    )
    check_editable(assessment, by)
    missing = missing_items(assessment)
    if missing:
        raise SubmissionRefused(missing)
    assessment.marked_ready_at = timezone.now()
    assessment.marked_ready_by = by
    assessment.save(update_fields=["marked_ready_at", "marked_ready_by"])
    record(
        by, "assessment.ready", assessment, after={"marked_ready_at": assessment.marked_ready_at}
    )
    notify(
        User.objects.filter(agency_id=assessment.agency_id, role=Role.AGENCY_LEADER),
        kind="assessment.ready",
        title=gettext_lazy("A self-assessment is ready for your sign-off"),
        body=gettext_lazy(
            "%(user)s marked the self-assessment of %(agency)s in %(campaign)s ready."
        ),
        params={
            "user": str(by),
            "agency": str(assessment.agency),
            "campaign": str(assessment.campaign),
        },
        url=reverse("assessments:submit", args=[assessment.pk]),
    )


@transaction.atomic
def submit_assessment(assessment: Assessment, by) -> None:
    """The agency leader signs off: only when every applicable indicator is answered and every
    required evidence is attached; afterwards the assessment is read-only."""
    require(by, "assessment.submit", assessment)
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    check_editable(assessment, by)
    missing = missing_items(assessment)
    if missing:
        raise SubmissionRefused(missing)
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.submitted_by = by
    assessment.save(update_fields=["status", "submitted_at", "submitted_by"])
    record(
        by,
        "assessment.submit",
        assessment,
        before={"status": AssessmentStatus.DRAFT},
        after={
            "status": AssessmentStatus.SUBMITTED,
            "points": assessment.self_points,
            "dti_value": assessment.self_dti_value,
        },
    )
