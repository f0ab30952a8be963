from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import AgencyFilterForm, AgencyImportForm
from .importing import AgencyImportError, import_agencies
from .models import Agency
from .permissions import permission_required
from .selectors import agencies_filtered, applicability_for


@permission_required("agency.view")
def agency_list(request):
    form = AgencyFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    agencies = agencies_filtered(
        filters.get("tier", ""), filters.get("flag", ""), filters.get("q", ""), filters.get("year")
    )
    return render(request, "agencies/list.html", {"form": form, "agencies": agencies})


@permission_required("agency.view")
def agency_detail(request, pk):
    agency = get_object_or_404(Agency.objects.prefetch_related("yearly_flags"), pk=pk)
    return render(
        request, "agencies/detail.html", {"agency": agency, "frameworks": applicability_for(agency)}
    )


@permission_required("agency.manage")
@require_http_methods(["GET", "POST"])
def agency_import(request):
    form = AgencyImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            summary = import_agencies(upload.name, upload.read(), request.user)
        except AgencyImportError as error:
            problems = error.lines
        else:
            messages.success(
                request,
                _("%(created)s agencies created, %(updated)s updated.")
                % {"created": len(summary.created), "updated": len(summary.updated)},
            )
            return redirect("agencies:list")
    return render(request, "agencies/import.html", {"form": form, "problems": problems})
