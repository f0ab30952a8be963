"""Attaching, downloading and deleting evidence. The work is done in ``evidence``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dti.agencies.permissions import require

from .evidence import (
    INLINE_CONTENT_TYPES,
    EvidenceRejected,
    add_file_evidence,
    add_link_evidence,
    delete_evidence,
    open_stored_file,
)
from .models import Evidence, EvidenceKind
from .selectors import get_assessment, get_response
from .services import EditingClosed

# Uploaded files must never run script in our origin. PDF viewers need inline styles and stop
# working in a sandbox, so PDFs get the policy without "sandbox"; everything else is sandboxed.
PDF_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'"
SANDBOX_POLICY = f"{PDF_POLICY}; sandbox"


@login_required
@require_POST
def evidence_add(request, pk, code):
    """Attach the posted file, or else the posted link, to the indicator's response."""
    assessment = get_assessment(request.user, pk, "assessment.edit")
    response = get_response(assessment, code)
    response.assessment = assessment
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
    return redirect("assessments:indicator", pk=pk, code=code)


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
