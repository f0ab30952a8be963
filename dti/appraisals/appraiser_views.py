"""The appraisers' and the working group's workspace: the queue of items, deciding one item
(accept, or adjust with a reason, guarded by the version it was opened at), bulk acceptance,
progress per appraising department and the consolidation of self-assessed against appraised
points. Every change goes through ``services``; every read through ``selectors``."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dti.agencies.permissions import can, permission_required, require
from dti.assessments.forms import displayed_values
from dti.assessments.models import Assessment, Response
from dti.assessments.scoring import normalized_values, score_response
from dti.core.formatting import format_number, ui_renderer
from dti.core.pagination import CountedPaginator
from dti.scoring.scoring import SCORED

from . import services
from .forms import AppraisedValuesForm, ConsolidationFilterForm, DecisionForm, QueueFilterForm
from .models import Appraisal, Decision, Round
from .selectors import (
    ITEMS_PER_PAGE,
    OPEN_PHASES,
    QueueFilters,
    appraisal_campaigns,
    bulk_candidates,
    campaign_tiers,
    consolidation_detail,
    consolidation_rows,
    consolidation_summaries,
    consolidation_workbook,
    current_round,
    definition_of,
    department_progress,
    get_appraisal,
    get_campaign,
    item_detail,
    queue_counts,
    queue_indicator_codes,
    queue_items,
    queue_neighbours,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONSOLIDATION_ROWS_PER_PAGE = 100


def _queue_filters(user, campaign, data: QueryDict) -> tuple[QueueFilterForm, QueueFilters]:
    form = QueueFilterForm(
        data,
        indicator_codes=queue_indicator_codes(user, campaign),
        default_round=current_round(campaign),
    )
    return form, form.filters()


def _with_query(url: str, query: str) -> str:
    return f"{url}?{query}" if query else url


def _queue_url(campaign_id: int, filters: QueueFilters) -> str:
    url = reverse("appraisals:queue", kwargs={"campaign_id": campaign_id})
    return _with_query(url, filters.query_string())


def _item_url(appraisal_id: int, filters: QueueFilters | None = None) -> str:
    url = reverse("appraisals:item", kwargs={"appraisal_id": appraisal_id})
    return _with_query(url, filters.query_string() if filters else "")


@permission_required("appraisal.view")
@require_GET
def home(request):
    """The campaigns under appraisal, with the user's share of the current round."""
    return render(
        request,
        "appraisals/home.html",
        {
            "lines": appraisal_campaigns(request.user),
            "can_consolidate": can(request.user, "appraisal.consolidate"),
        },
    )


@permission_required("appraisal.view")
@require_GET
def queue(request, campaign_id):
    campaign = get_campaign(campaign_id)
    form, filters = _queue_filters(request.user, campaign, request.GET)
    counts = queue_counts(request.user, campaign, filters)
    shown = counts[filters.status] if filters.status else counts["total"]
    page = CountedPaginator(
        queue_items(request.user, campaign, filters), ITEMS_PER_PAGE, count=shown
    ).get_page(request.GET.get("page"))
    can_decide = (
        can(request.user, "appraisal.edit") and OPEN_PHASES.get(campaign.phase) == filters.round
    )
    return render(
        request,
        "appraisals/queue.html",
        {
            "campaign": campaign,
            "form": form,
            "filters": filters,
            "page": page,
            "counts": counts,
            "can_decide": can_decide,
            "pending_on_page": [item.pk for item in page if item.decision == Decision.PENDING],
            "can_consolidate": can(request.user, "appraisal.consolidate"),
        },
    )


@permission_required("appraisal.edit")
@require_POST
def bulk_accept(request, campaign_id):
    """Accept the checked pending items (or every pending item of the page)."""
    campaign = get_campaign(campaign_id)
    _form, filters = _queue_filters(
        request.user, campaign, QueryDict(request.POST.get("filters", ""))
    )
    field = "page_items" if request.POST.get("scope") == "page" else "items"
    ids = set(request.POST.getlist(field))
    if not ids:
        messages.warning(request, _("Tick the items to accept first."))
        return redirect(_queue_url(campaign.pk, filters))
    candidates = bulk_candidates(request.user, campaign, ids)
    result = services.bulk_accept(candidates, request.user)
    # Ticked ids the user may not see are another department's (or another campaign's).
    result.skipped[services.SKIPPED_NOT_YOURS] += len(ids) - len(candidates)
    messages.success(request, _bulk_message(result))
    return redirect(_queue_url(campaign.pk, filters))


SKIP_MESSAGES = {
    services.SKIPPED_DECIDED: gettext_lazy("%(count)s already decided"),
    services.SKIPPED_NOT_YOURS: gettext_lazy("%(count)s not appraised by your department"),
    services.SKIPPED_CLOSED: gettext_lazy("%(count)s of a round that is not open"),
    services.SKIPPED_INVALID: gettext_lazy(
        "%(count)s with values that are not valid (open them to adjust)"
    ),
}


def _bulk_message(result: services.BulkResult) -> str:
    message = _("%(count)s item(s) accepted.") % {"count": result.accepted}
    reasons = [
        SKIP_MESSAGES[reason] % {"count": result.skipped[reason]}
        for reason in SKIP_MESSAGES
        if result.skipped[reason]
    ]
    if reasons:
        message += " " + _("Skipped: %(reasons)s.") % {"reasons": "; ".join(reasons)}
    return message


def _editing(user, appraisal: Appraisal) -> tuple[bool, str]:
    """May ``user`` decide this item now, and if not because of the phase, why."""
    if not can(user, "appraisal.edit", appraisal):
        return False, ""
    try:
        services.check_round_open(appraisal)
    except services.AppraisalError as closed:
        return False, str(closed)
    return True, ""


def _split_errors(errors: dict[str, list[str]], input_codes: list[str]):
    inputs = {code: items for code, items in errors.items() if code in input_codes}
    others = {code: items for code, items in errors.items() if code not in input_codes}
    return inputs, others


def _initial_values(appraisal: Appraisal, definition) -> dict:
    """The appraised values as the active language writes them (7.5 → "7,5" in Vietnamese)."""
    return {
        **displayed_values(definition, appraisal.values),
        "not_applicable": appraisal.not_applicable,
    }


@dataclass
class DecisionAttempt:
    """The posted forms, and what became of them: saved, or refused by a conflict (or with
    errors attached to the forms)."""

    values_form: AppraisedValuesForm
    decision_form: DecisionForm
    saved: Appraisal | None = None
    conflict: services.AppraisalConflict | None = None


def _attempt_decision(request, appraisal: Appraisal, definition) -> DecisionAttempt:
    """Record the posted decision through ``services.decide``, or say why not; the forms
    keep everything the user typed."""
    attempt = DecisionAttempt(
        AppraisedValuesForm(
            definition, request.POST, initial=_initial_values(appraisal, definition)
        ),
        DecisionForm(request.POST),
    )
    attempt.values_form.is_valid()  # field problems are shown with the engine's own
    if not attempt.decision_form.is_valid():
        return attempt
    cleaned = attempt.decision_form.cleaned_data
    try:
        attempt.saved = services.decide(
            appraisal,
            expected_version=cleaned["version"],
            decision=cleaned["decision"],
            values=normalized_values(definition, attempt.values_form.raw_values()),
            not_applicable=attempt.values_form.declared_not_applicable(),
            reason=cleaned["reason"],
            by=request.user,
        )
    except services.AppraisalConflict as conflict:
        attempt.conflict = conflict
    except services.AppraisalInvalid as invalid:
        inputs, others = _split_errors(invalid.errors, attempt.values_form.input_codes)
        attempt.values_form.attach(inputs)
        attempt.decision_form.attach(others)
        if appraisal.version != cleaned["version"]:
            # The entries are checked before the version: warn now that the item has moved
            # on, rather than only once the entries are corrected.
            attempt.conflict = services.AppraisalConflict(appraisal)
    except services.AppraisalError as refused:
        messages.error(request, _("Not saved: %(reason)s") % {"reason": refused})
    return attempt


def _opened_forms(appraisal: Appraisal, definition) -> tuple[AppraisedValuesForm, DecisionForm]:
    """The forms as the item is opened: the current values and the current version."""
    decision = appraisal.decision if appraisal.decision != Decision.PENDING else ""
    return (
        AppraisedValuesForm(definition, initial=_initial_values(appraisal, definition)),
        DecisionForm(
            initial={"version": appraisal.version, "decision": decision, "reason": appraisal.reason}
        ),
    )


@permission_required("appraisal.view")
@require_http_methods(["GET", "POST"])
def item(request, appraisal_id):
    """One item: what the agency entered and its evidence, and the decision form."""
    if request.method == "POST":
        require(request.user, "appraisal.edit")
    action = "appraisal.edit" if request.method == "POST" else "appraisal.view"
    appraisal = get_appraisal(request.user, appraisal_id, action)
    campaign = appraisal.assessment.campaign
    _form, filters = _queue_filters(request.user, campaign, request.GET)
    detail = item_detail(appraisal)
    conflict = None
    if request.method == "POST":
        attempt = _attempt_decision(request, appraisal, detail.definition)
        if attempt.saved is not None:
            return _after_decision(request, attempt.saved, filters)
        values_form, decision_form, conflict = (
            attempt.values_form,
            attempt.decision_form,
            attempt.conflict,
        )
        if conflict is not None:  # show the version that was saved meanwhile
            appraisal = get_appraisal(request.user, appraisal_id, action)
            detail = item_detail(appraisal)
    else:
        values_form, decision_form = _opened_forms(appraisal, detail.definition)
    editable, closed_reason = _editing(request.user, appraisal)
    previous_id, next_id = queue_neighbours(request.user, appraisal, filters)
    return render(
        request,
        "appraisals/item.html",
        {
            "appraisal": appraisal,
            "campaign": campaign,
            "detail": detail,
            "values_form": values_form,
            "decision_form": decision_form,
            "conflict": conflict,
            "conflict_message": str(conflict) if conflict else "",
            "editable": editable,
            "closed_reason": closed_reason,
            "filters": filters,
            "queue_url": _queue_url(campaign.pk, filters),
            "previous_url": _item_url(previous_id, filters) if previous_id else "",
            "next_url": _item_url(next_id, filters) if next_id else "",
            "can_open_round_two": _may_open_round_two(request.user, appraisal, detail),
        },
    )


def _may_open_round_two(user, appraisal: Appraisal, detail) -> bool:
    return (
        appraisal.round == Round.FIRST
        and detail.round_two is None
        and OPEN_PHASES.get(appraisal.assessment.campaign.phase) == Round.SECOND
        and can(user, "appraisal.edit", appraisal)
        and not services.round_two_refusal(appraisal.response)
    )


def _after_decision(request, appraisal: Appraisal, filters: QueueFilters):
    points = format_number(appraisal.points) if appraisal.points is not None else "—"
    messages.success(
        request,
        _("Saved: %(decision)s, %(points)s points.")
        % {"decision": appraisal.get_decision_display(), "points": points},
    )
    if request.POST.get("then") == "next":
        _previous, next_id = queue_neighbours(request.user, appraisal, filters)
        if next_id:
            return redirect(_item_url(next_id, filters))
        return redirect(_queue_url(appraisal.assessment.campaign_id, filters))
    return redirect(_item_url(appraisal.pk, filters))


@permission_required("appraisal.edit")
@require_POST
def item_preview(request, appraisal_id):
    """The points of the appraised values being typed, computed on the server; nothing saved."""
    appraisal = get_appraisal(request.user, appraisal_id, "appraisal.edit")
    definition = definition_of(appraisal)
    form = AppraisedValuesForm(definition, request.POST)
    score = score_response(
        definition, normalized_values(definition, form.raw_values()), form.declared_not_applicable()
    )
    renderer = ui_renderer()
    return JsonResponse(
        {
            "status": score.status,
            "points": format_number(score.points) if score.status == SCORED else "—",
            "trace": score.trace.lines(renderer),
            "errors": {
                code: [message.render(renderer) for message in items]
                for code, items in score.errors.items()
            },
        }
    )


@permission_required("appraisal.edit")
@require_POST
def open_round_two(request, response_id):
    """Open the round-2 appraisal of a response (a correction after a reopening), then show
    it; refused with the reason for an indicator that round 2 does not cover."""
    response = get_object_or_404(
        Response.objects.select_related("assessment__campaign", "indicator"), pk=response_id
    )
    try:
        appraisal = services.ensure_round_two(response, request.user)
    except Appraisal.DoesNotExist:
        raise Http404("no round-1 appraisal of this response") from None
    except services.AppraisalError as refused:
        messages.error(request, str(refused))
        first = Appraisal.objects.filter(response=response, round=Round.FIRST).first()
        if first is None:
            raise Http404("no round-1 appraisal of this response") from None
        return redirect(_item_url(first.pk))
    return redirect(_item_url(appraisal.pk))


@permission_required("appraisal.view")
@require_GET
def progress(request, campaign_id):
    campaign = get_campaign(campaign_id)
    return render(
        request,
        "appraisals/progress.html",
        {
            "campaign": campaign,
            "lines": department_progress(campaign),
            "own_department_id": request.user.agency_id,
            "can_consolidate": can(request.user, "appraisal.consolidate"),
        },
    )


def _consolidation_filters(request, campaign):
    form = ConsolidationFilterForm(request.GET, tiers=campaign_tiers(campaign))
    return form, form.selected_tier()


@permission_required("appraisal.consolidate")
@require_GET
def consolidation(request, campaign_id):
    campaign = get_campaign(campaign_id)
    form, tier = _consolidation_filters(request, campaign)
    return render(
        request,
        "appraisals/consolidation.html",
        {
            "campaign": campaign,
            "form": form,
            "page": consolidation_summaries(
                campaign, tier, request.GET.get("page"), CONSOLIDATION_ROWS_PER_PAGE
            ),
            "export_query": f"tier={tier}" if tier else "",
        },
    )


@permission_required("appraisal.consolidate")
@require_GET
def consolidation_agency(request, campaign_id, assessment_id):
    assessment = get_object_or_404(
        Assessment.objects.select_related("campaign", "agency", "framework"),
        pk=assessment_id,
        campaign_id=campaign_id,
    )
    return render(
        request,
        "appraisals/consolidation_agency.html",
        {
            "campaign": assessment.campaign,
            "assessment": assessment,
            "row": consolidation_detail(assessment),
        },
    )


@permission_required("appraisal.consolidate")
@require_GET
def consolidation_export(request, campaign_id):
    campaign = get_campaign(campaign_id)
    _form, tier = _consolidation_filters(request, campaign)
    content = consolidation_workbook(campaign, consolidation_rows(campaign, tier))
    name = f"dti-{campaign.year}-consolidation-{campaign.pk}-{timezone.localdate():%Y%m%d}.xlsx"
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
