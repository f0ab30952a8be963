"""The coordinator's view of the audit trail and its CSV / Excel exports."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dti.agencies.permissions import permission_required

from .exports import csv_lines, headers, xlsx_file
from .forms import AuditFilterForm, query_string
from .selectors import audit_events, event_rows

EVENTS_PER_PAGE = 100
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_FORMATS = ("csv", "xlsx")


@permission_required("audit.view")
@require_GET
def event_list(request):
    form = AuditFilterForm(request.GET)
    filters = form.filters()
    page = Paginator(audit_events(filters), EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/list.html",
        {
            "form": form,
            "page": page,
            "rows": event_rows(page),
            "export_query": query_string(filters),
        },
    )


def _file_name(extension: str) -> str:
    return f"audit-trail-{timezone.localdate():%Y%m%d}.{extension}"


@permission_required("audit.view")
@require_GET
def export(request):
    """``?format=csv`` (the default) or ``xlsx``, with the list's filters.

    A filter that does not validate is refused rather than dropped, so an export never holds
    more than was asked for.
    """
    file_format = request.GET.get("format", "csv")
    if file_format not in EXPORT_FORMATS:
        return HttpResponse(
            _("Unknown export format “%(format)s”: use csv or xlsx.") % {"format": file_format},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        return HttpResponse(
            _filter_problems(form), status=400, content_type="text/plain; charset=utf-8"
        )
    events = audit_events(form.filters())
    if file_format == "xlsx":
        return FileResponse(
            xlsx_file(headers(), events),
            as_attachment=True,
            filename=_file_name("xlsx"),
            content_type=XLSX_CONTENT_TYPE,
        )
    response = StreamingHttpResponse(
        csv_lines(headers(), events), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition_header(True, _file_name("csv"))
    return response


def _filter_problems(form: AuditFilterForm) -> str:
    """Each invalid filter by its label, with the reason, one a line."""
    lines = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else _("Filters")
        lines.extend(f"{label}: {error}" for error in errors)
    return "\n".join(lines)
