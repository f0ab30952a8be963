from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dti.agencies.permissions import permission_required
from dti.core.formatting import ui_renderer

from .excel_format import write_workbook
from .files import FrameworkFileError, read_framework_file
from .forms import FrameworkImportForm
from .models import Framework
from .selectors import applicability_matrix, framework_tree, frameworks_overview, unconfirmed_items
from .services import FrameworkLoadError, framework_document, load_framework
from .yaml_format import dump_yaml

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@permission_required("framework.view")
def framework_list(request):
    return render(request, "frameworks/list.html", {"frameworks": frameworks_overview()})


@permission_required("framework.view")
def framework_detail(request, pk):
    framework = get_object_or_404(Framework, pk=pk)
    return render(
        request,
        "frameworks/detail.html",
        {
            "framework": framework,
            "blocks": framework_tree(framework),
            "unconfirmed": unconfirmed_items(framework),
        },
    )


@permission_required("framework.view")
def framework_applicability(request, pk):
    framework = get_object_or_404(Framework, pk=pk)
    conditional, rows, universal = applicability_matrix(framework)
    return render(
        request,
        "frameworks/applicability.html",
        {
            "framework": framework,
            "conditional": conditional,
            "rows": rows,
            "universal": universal,
        },
    )


@permission_required("framework.view")
def framework_export(request, pk, file_format):
    framework = get_object_or_404(Framework, pk=pk)
    document = framework_document(framework)
    filename = f"{framework.code}-v{framework.version}"
    if file_format == "xlsx":
        response = HttpResponse(write_workbook(document), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    else:
        response = HttpResponse(dump_yaml(document), content_type="application/yaml")
        response["Content-Disposition"] = f'attachment; filename="{filename}.yaml"'
    return response


@permission_required("framework.manage")
@require_http_methods(["GET", "POST"])
def framework_import(request):
    form = FrameworkImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            document = read_framework_file(upload.name, upload.read())
            framework = load_framework(
                document, update=form.cleaned_data["update"], by=request.user
            )
        except FrameworkFileError as error:
            problems = error.lines
        except FrameworkLoadError as error:
            renderer = ui_renderer()
            problems = [f"{upload.name}: {problem.render(renderer)}" for problem in error.problems]
        else:
            messages.success(
                request, _("Framework %(framework)s loaded.") % {"framework": framework}
            )
            return redirect("frameworks:detail", pk=framework.pk)
    return render(request, "frameworks/import.html", {"form": form, "problems": problems})
