from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dti.agencies.permissions import can, permission_required
from dti.core.formatting import format_number, ui_renderer
from dti.frameworks.definitions import framework_definition
from dti.scoring.describe import describe_indicator

from .evidence import max_upload_bytes
from .forms import ResponseForm
from .models import EvidenceStage, ResponseStatus
from .scoring import normalized_values, score_response
from .selectors import (
    assessment_overview,
    assessments_for,
    get_assessment,
    get_response,
    neighbours,
)
from .services import (
    EditingClosed,
    SubmissionRefused,
    check_editable,
    mark_ready,
    missing_items,
    save_response,
    submit_assessment,
)


@permission_required("assessment.edit")
def my_assessments(request):
    """An agency user's start page: its assessments (straight to the only open one)."""
    assessments = list(assessments_for(request.user))
    if len(assessments) == 1:
        return redirect("assessments:overview", pk=assessments[0].pk)
    return render(request, "assessments/mine.html", {"assessments": assessments})


@login_required
def overview(request, pk):
    assessment = get_assessment(request.user, pk)
    return render(
        request,
        "assessments/overview.html",
        {
            "assessment": assessment,
            "overview": assessment_overview(assessment),
            "can_edit": can(request.user, "assessment.edit", assessment),
            "can_submit": can(request.user, "assessment.submit", assessment),
        },
    )


def _messages_by_field(score) -> dict[str, list[str]]:
    renderer = ui_renderer()
    return {
        code: [message.render(renderer) for message in items]
        for code, items in score.errors.items()
    }


@login_required
@require_http_methods(["GET", "POST"])
def indicator(request, pk, code):
    assessment = get_assessment(request.user, pk)
    response = get_response(assessment, code)
    definition = framework_definition(assessment.framework).indicator(code)
    form = ResponseForm(definition, response=response)
    closed_reason = ""
    if request.method == "POST":
        if not can(request.user, "assessment.edit", assessment):
            raise PermissionDenied("assessment.edit")
        form = ResponseForm(definition, request.POST, response=response)
        form.is_valid()
        # Input values are saved as typed, mistakes included; only an over-long note blocks.
        blocking_errors = set(form.errors) - set(form.input_codes)
        if not blocking_errors:
            try:
                result = save_response(
                    response,
                    values=normalized_values(definition, form.raw_values()),
                    not_applicable=bool(form.data.get("not_applicable")),
                    note=(form.data.get("note") or "").strip(),
                    by=request.user,
                )
            except EditingClosed as closed:
                closed_reason = str(closed)
                messages.error(request, _("Not saved: %(reason)s") % {"reason": closed})
            else:
                errors = _messages_by_field(result.score)
                if not errors:
                    messages.success(request, _("Saved."))
                    target = request.POST.get("then")
                    if target in {"next", "overview"}:
                        return _after_save(assessment, response, target)
                    return redirect("assessments:indicator", pk=pk, code=code)
                form = ResponseForm(definition, request.POST, response=response)
                form.is_valid()
                form.attach_engine_errors(errors)
                messages.warning(request, _("Saved as a draft, but some values need correcting."))
    return render(
        request,
        "assessments/indicator.html",
        _indicator_context(request, assessment, response, definition, form, closed_reason),
    )


def _after_save(assessment, response, target):
    if target == "next":
        _previous, following = neighbours(assessment, response)
        if following:
            return redirect("assessments:indicator", pk=assessment.pk, code=following)
    return redirect("assessments:overview", pk=assessment.pk)


def _indicator_context(request, assessment, response, definition, form, closed_reason):
    renderer = ui_renderer()
    score = score_response(
        definition,
        normalized_values(definition, form.raw_values()) if form.is_bound else response.values,
        bool(form.data.get("not_applicable")) if form.is_bound else response.not_applicable,
    )
    previous, following = neighbours(assessment, response)
    editable = can(request.user, "assessment.edit", assessment)
    if editable:
        try:
            check_editable(assessment, request.user)
        except EditingClosed as closed:
            editable, closed_reason = False, closed_reason or str(closed)
    return {
        "assessment": assessment,
        "response": response,
        "indicator": response.indicator,
        "definition": definition,
        "form": form,
        "rule_lines": describe_indicator(definition, renderer),
        "score": score,
        "trace_lines": score.trace.lines(renderer),
        "previous_code": previous,
        "next_code": following,
        "editable": editable,
        "closed_reason": closed_reason,
        "evidence": response.evidence.filter(stage=EvidenceStage.SELF_ASSESSMENT).select_related(
            "uploaded_by", "stored_file"
        ),
        "evidence_max_bytes": max_upload_bytes(),
    }


@login_required
@require_POST
def preview(request, pk, code):
    """The points and explanation of what is typed, computed on the server, nothing saved."""
    assessment = get_assessment(request.user, pk, "assessment.edit")
    get_response(assessment, code)  # 404 for an indicator that is not in this assessment
    definition = framework_definition(assessment.framework).indicator(code)
    form = ResponseForm(definition, request.POST)
    typed = normalized_values(definition, form.raw_values())
    score = score_response(definition, typed, bool(request.POST.get("not_applicable")))
    renderer = ui_renderer()
    return JsonResponse(
        {
            "status": score.status,
            "status_label": str(ResponseStatus(score.status).label),
            "points": format_number(score.points),
            "max_points": format_number(definition.max_points),
            "trace": score.trace.lines(renderer),
            "errors": _messages_by_field(score),
        }
    )


@login_required
@require_POST
def ready(request, pk):
    assessment = get_assessment(request.user, pk, "assessment.mark_ready")
    try:
        mark_ready(assessment, request.user)
    except EditingClosed as closed:
        messages.error(request, str(closed))
    else:
        messages.success(request, _("Your leader can now review and submit the assessment."))
    return redirect("assessments:overview", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def submit(request, pk):
    assessment = get_assessment(request.user, pk, "assessment.submit")
    missing = missing_items(assessment)
    if request.method == "POST":
        try:
            submit_assessment(assessment, request.user)
        except SubmissionRefused as refused:
            missing = refused.missing
            messages.error(request, _("The assessment cannot be submitted yet."))
        except EditingClosed as closed:
            messages.error(request, str(closed))
        else:
            messages.success(request, _("The assessment has been submitted."))
            return redirect("assessments:overview", pk=pk)
    return render(
        request,
        "assessments/submit.html",
        {
            "assessment": assessment,
            "missing": missing,
            "overview": assessment_overview(assessment),
        },
    )
