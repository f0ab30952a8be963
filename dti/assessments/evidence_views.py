"""Attaching, downloading and deleting evidence. The work is done in ``evidence``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dti.agencies.permissions import require
from dti.appraisals.explanation_selectors import explanation_evidence_released
from dti.frameworks.definitions import framework_definition

from .evidence import INLINE_CONTENT_TYPES, delete_evidence, open_stored_file
from .models import Evidence, EvidenceKind
from .selectors import get_assessment, get_response
from .services import EditingClosed
from .views import save_indicator_page

# Uploaded files must never run script in our origin. PDF viewers need inline styles and stop
# working in a sandbox, so PDFs get the policy without "sandbox"; everything else is sandboxed.
PDF_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'"
SANDBOX_POLICY = f"{PDF_POLICY}; sandbox"


@login_required
@require_POST
def evidence_add(request, pk, code):
    """The indicator page's Attach button: attach the posted file, or else the posted link, to
    the indicator's response, saving the values typed on the page with it (see
    ``views.save_indicator_page``)."""
    assessment = get_assessment(request.user, pk, "assessment.edit")
    response = get_response(assessment, code)
    definition = framework_definition(assessment.framework).indicator(code)
    return save_indicator_page(
        request, assessment, response, definition, then="stay", attaching=True
    )


@login_required
@require_GET
def evidence_download(request, evidence_id):
    """The file, streamed through the application after the permission check."""
    evidence = get_object_or_404(
        Evidence.objects.select_related("assessment", "stored_file"),
        pk=evidence_id,
        kind=EvidenceKind.FILE,
    )
    require(request.user, "evidence.view", evidence)
    if not explanation_evidence_released(request.user, evidence):
        raise Http404("explanation evidence not signed off by the agency's leader yet")
    stored_file = evidence.stored_file
    try:
        content = open_stored_file(stored_file)
    except FileNotFoundError as missing:
        raise Http404("evidence content missing from storage") from missing
    inline = stored_file.content_type in INLINE_CONTENT_TYPES
    response = FileResponse(
        content,
        as_attachment=not inline,
        filename=evidence.original_name,
        content_type=stored_file.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = (
        PDF_POLICY if stored_file.content_type == "application/pdf" else SANDBOX_POLICY
    )
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def evidence_delete(request, evidence_id):
    evidence = get_object_or_404(
        Evidence.objects.select_related("assessment", "response__indicator", "stored_file"),
        pk=evidence_id,
    )
    require(request.user, "assessment.edit", evidence.assessment)
    name = str(evidence)
    try:
        delete_evidence(evidence, request.user)
    except EditingClosed as closed:
        messages.error(
            request, _("“%(name)s” was not deleted: %(reason)s") % {"name": name, "reason": closed}
        )
    else:
        messages.success(request, _("“%(name)s” is deleted.") % {"name": name})
    if evidence.response is None:
        return redirect("assessments:overview", pk=evidence.assessment_id)
    return redirect(
        "assessments:indicator", pk=evidence.assessment_id, code=evidence.response.indicator.code
    )
