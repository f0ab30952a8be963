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

from .evidence import EvidenceRejected, add_file_evidence, add_link_evidence, max_upload_bytes
from .forms import ResponseForm
from .models import EvidenceStage, ResponseStatus
from .scoring import score_response
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
    return render(request, "assessments/overview.html", _overview_context(request, assessment))


def _overview_context(request, assessment, missing=()) -> dict:
    return {
        "assessment": assessment,
        "overview": assessment_overview(assessment),
        "can_edit": can(request.user, "assessment.edit", assessment),
        "can_submit": can(request.user, "assessment.submit", assessment),
        "missing": missing,
    }


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
    if request.method == "POST":
        return save_indicator_page(
            request, assessment, response, definition, then=request.POST.get("then", "")
        )
    form = ResponseForm(definition, response=response)
    # A draft saved with mistakes shows them next to its fields again, not only as a status.
    stored = score_response(definition, response.values, response.not_applicable)
    form.attach_engine_errors(_messages_by_field(stored))
    return render(
        request,
        "assessments/indicator.html",
        _indicator_context(request, assessment, response, definition, form, ""),
    )


def save_indicator_page(request, assessment, response, definition, *, then: str, attaching=False):
    """What the indicator page posts: the typed values and, from its Attach button (the
    evidence card is inside the values form), a file or a link.

    A civil servant expects nothing typed to be lost whichever button is pressed, so everything
    sent is kept: attaching saves the values typed since the page was shown first, and a file
    chosen before pressing Save is attached too. Values are saved as typed, mistakes included;
    only what cannot be kept (an over-long value or note) is refused next to its field, still
    showing what was typed, and the rest is saved. Attaching with nothing typed, or a file
    posted alone, leaves the stored values as they are (and where they came from: Excel, API).
    """
    if not can(request.user, "assessment.edit", assessment):
        raise PermissionDenied("assessment.edit")
    response.assessment = assessment  # with its deadlines and extensions already read
    form = None
    closed_reason = ""
    if "note" in request.POST:
        form = ResponseForm(definition, request.POST, response=response)
        form.is_valid()
        if not attaching or form.has_changed():
            closed_reason = _save_typed_values(request, response, form)
    if attaching or request.FILES.get("file") or request.POST.get("url", "").strip():
        _attach_posted_evidence(request, response)
    if form is not None and (closed_reason or form.errors):
        return render(
            request,
            "assessments/indicator.html",
            _indicator_context(request, assessment, response, definition, form, closed_reason),
        )
    if then in {"next", "overview"}:
        return _after_save(assessment, response, then)
    return redirect("assessments:indicator", pk=assessment.pk, code=response.indicator.code)


def _save_typed_values(request, response, form: ResponseForm) -> str:
    """Save the form's values and say how it went; the reason when editing is closed."""
    try:
        result = save_response(
            response,
            values=form.values_to_store(response.values),
            not_applicable=bool(form.data.get("not_applicable")),
            note=form.note_to_store(response.note),
            by=request.user,
        )
    except EditingClosed as closed:
        messages.error(request, _("Not saved: %(reason)s") % {"reason": closed})
        return str(closed)
    form.attach_engine_errors(_messages_by_field(result.score))
    if form.errors:
        messages.warning(
            request,
            _(
                "Saved as a draft, but some entries need correcting: see the messages next to "
                "the fields."
            ),
        )
    else:
        messages.success(request, _("Saved."))
    return ""


def _attach_posted_evidence(request, response) -> None:
    """Attach the posted file, or else the posted link, if any; say what happened."""
    upload = request.FILES.get("file")
    url = request.POST.get("url", "").strip()
    title = request.POST.get("title", "")
    try:
        if upload and url:
            raise EvidenceRejected(_("Attach either a file or a link, not both at once."))
        if upload:
            evidence = add_file_evidence(response, upload, title, request.user)
        elif url:
            evidence = add_link_evidence(response, url, title, request.user)
        else:
            raise EvidenceRejected(_("Choose a file or enter a link."))
    except (EvidenceRejected, EditingClosed) as refused:
        messages.error(request, _("Nothing was attached. %(reason)s") % {"reason": refused})
    else:
        messages.success(request, _("“%(name)s” is attached.") % {"name": evidence})


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
        form.values_to_store(response.values) if form.is_bound else response.values,
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
    form.is_valid()
    typed = form.values_to_store({})
    score = score_response(definition, typed, bool(request.POST.get("not_applicable")))
    renderer = ui_renderer()
    refused = {code: list(form.errors[code]) for code in form.refused_inputs()}
    return JsonResponse(
        {
            "status": score.status,
            "status_label": str(ResponseStatus(score.status).label),
            "points": format_number(score.points),
            # Lower than the indicator's own when some of its sub-criteria do not apply.
            "max_points": format_number(score.max_points or definition.max_points),
            "trace": score.trace.lines(renderer),
            "errors": {**_messages_by_field(score), **refused},
        }
    )


@login_required
@require_POST
def ready(request, pk):
    assessment = get_assessment(request.user, pk, "assessment.mark_ready")
    try:
        mark_ready(assessment, request.user)
    except SubmissionRefused as refused:
        messages.error(request, _("The assessment cannot be marked ready yet."))
        return render(
            request,
            "assessments/overview.html",
            _overview_context(request, assessment, missing=refused.missing),
        )
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
