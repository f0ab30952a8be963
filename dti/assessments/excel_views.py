"""The Excel round trip of the self-assessment form: download, upload with preview, confirm."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .excel_form import (
    MAX_FILE_BYTES,
    XLSX_CONTENT_TYPE,
    FormRejected,
    PendingUpload,
    StaleUpload,
    apply_form,
    form_changes,
    form_filename,
    read_form,
    session_key,
    upload_digest,
    write_form,
)
from .selectors import get_assessment
from .services import EditingClosed, check_editable


class ExcelUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Filled self-assessment form (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


@login_required
@require_GET
def excel_download(request, pk):
    assessment = get_assessment(request.user, pk)
    response = HttpResponse(write_form(assessment), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{form_filename(assessment)}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def excel_upload(request, pk):
    """Check an uploaded form in full; when it is right, show what it changes (nothing saved)."""
    assessment = get_assessment(request.user, pk, "assessment.edit")
    context = {
        "assessment": assessment,
        "form": ExcelUploadForm(),
        "problems": [],
        "closed_reason": "",
        "max_megabytes": MAX_FILE_BYTES // (1024 * 1024),
    }
    try:
        check_editable(assessment, request.user)
    except EditingClosed as closed:
        context["closed_reason"] = str(closed)
        return render(request, "assessments/excel_upload.html", context)
    if request.method == "POST":
        form = ExcelUploadForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            # One byte past the limit is enough to know the file is too large.
            data = form.cleaned_data["file"].read(MAX_FILE_BYTES + 1)
            try:
                rows = read_form(assessment, data)
            except FormRejected as rejected:
                context["problems"] = rejected.problems
            else:
                return _preview(request, assessment, upload_digest(data), rows)
    return render(request, "assessments/excel_upload.html", context)


def _preview(request, assessment, digest, rows):
    changes = form_changes(assessment, rows)
    key = session_key(assessment)
    if changes:
        request.session[key] = PendingUpload.prepare(assessment, digest, rows).to_session()
    else:
        request.session.pop(key, None)
    return render(
        request,
        "assessments/excel_preview.html",
        {
            "assessment": assessment,
            "changes": changes,
            "digest": digest,
            "row_count": len(rows),
            "unchanged_count": len(rows) - len(changes),
        },
    )


@login_required
@require_POST
def excel_confirm(request, pk):
    """Apply the previewed upload kept in the session: every change at once, or none."""
    assessment = get_assessment(request.user, pk, "assessment.edit")
    stored = request.session.pop(session_key(assessment), None)
    if stored is None or stored.get("digest") != request.POST.get("digest"):
        messages.error(
            request,
            _("This preview is no longer current. Nothing was applied: upload the file again."),
        )
        return redirect("assessments:excel_upload", pk=pk)
    try:
        count = apply_form(assessment, PendingUpload.from_session(stored), request.user)
    except EditingClosed as closed:
        messages.error(request, _("Nothing was applied: %(reason)s") % {"reason": closed})
        return redirect("assessments:overview", pk=pk)
    except StaleUpload as stale:
        messages.error(request, str(stale))
        return redirect("assessments:excel_upload", pk=pk)
    messages.success(
        request,
        ngettext("%(count)s indicator updated.", "%(count)s indicators updated.", count)
        % {"count": count},
    )
    return redirect("assessments:overview", pk=pk)
