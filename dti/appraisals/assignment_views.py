"""The assignment matrix: which appraising departments appraise which indicators of a framework.

The coordinator ticks the grid (or imports it from Excel); the working group and appraisers see
it read-only. Every change goes through ``services.set_assignments`` / ``assign_defaults``.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dti.agencies.permissions import can, permission_required, require
from dti.frameworks.models import Framework

from .assignment_excel import (
    MAX_FILE_BYTES,
    XLSX_CONTENT_TYPE,
    ImportProblem,
    ImportRejected,
    export_filename,
    import_assignments,
    write_assignments,
)
from .assignment_selectors import (
    Pair,
    assigned_pairs,
    assignment_grid,
    default_units_not_found,
    pairs_fingerprint,
)
from .services import AppraisalError, assign_defaults, set_assignments

CELL_FIELD = "assigned"  # each ticked checkbox sends "<indicator id>:<department id>"


class AssignmentImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Assignment matrix (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


@permission_required("assignment.view")
@require_http_methods(["GET", "POST"])
def assignments(request, framework_id):
    framework = get_object_or_404(Framework, pk=framework_id)
    if request.method == "POST":
        require(request.user, "assignment.manage")
        return _save(request, framework)
    return _render_grid(request, framework, assignment_grid(framework))


def _save(request, framework):
    """Replace the assignments by the ticked cells, unless someone changed them since the page
    was drawn: then the page comes back with this user's ticks and what differs marked."""
    checked = _checked_pairs(request.POST.getlist(CELL_FIELD))
    if request.POST.get("fingerprint") != pairs_fingerprint(assigned_pairs(framework)):
        messages.error(
            request,
            _(
                "Someone changed the assignments since you opened this page; nothing was "
                "saved. Your ticks are shown below (changed cells are highlighted): save "
                "again to replace the current assignments with them."
            ),
        )
        return _render_grid(request, framework, assignment_grid(framework, checked))
    try:
        set_assignments(framework, checked, request.user)
    except AppraisalError as error:
        messages.error(request, str(error))
        return _render_grid(request, framework, assignment_grid(framework, checked))
    messages.success(request, _("The assignments were saved."))
    return redirect("appraisals:assignments", framework_id=framework.pk)


def _checked_pairs(values: list[str]) -> set[Pair]:
    pairs = set()
    for value in values:
        indicator, _separator, department = value.partition(":")
        if not (indicator.isdigit() and department.isdigit()):
            raise SuspiciousOperation(f"malformed assignment cell {value!r}")
        pairs.add((int(indicator), int(department)))
    return pairs


def _render_grid(request, framework, grid):
    return render(
        request,
        "appraisals/assignments/grid.html",
        {
            "framework": framework,
            "grid": grid,
            "can_manage": can(request.user, "assignment.manage"),
            "units_not_found": default_units_not_found(framework),
        },
    )


@permission_required("assignment.manage")
@require_POST
def assignments_defaults(request, framework_id):
    framework = get_object_or_404(Framework, pk=framework_id)
    created = assign_defaults(framework, request.user)
    messages.success(
        request,
        ngettext(
            "%(count)s assignment was created from the framework file.",
            "%(count)s assignments were created from the framework file.",
            created,
        )
        % {"count": created},
    )
    missing = default_units_not_found(framework)
    if missing:
        messages.warning(
            request,
            _("The framework file names units that are not appraising units here: %(codes)s.")
            % {"codes": ", ".join(missing)},
        )
    return redirect("appraisals:assignments", framework_id=framework.pk)


@permission_required("assignment.view")
@require_GET
def assignments_export(request, framework_id):
    framework = get_object_or_404(Framework, pk=framework_id)
    response = HttpResponse(write_assignments(framework), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{export_filename(framework)}"'
    return response


@permission_required("assignment.manage")
@require_http_methods(["GET", "POST"])
def assignments_import(request, framework_id):
    framework = get_object_or_404(Framework, pk=framework_id)
    form = AssignmentImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        # One byte past the limit is enough to know the file is too large.
        data = form.cleaned_data["file"].read(MAX_FILE_BYTES + 1)
        try:
            summary = import_assignments(framework, data, request.user)
        except ImportRejected as rejected:
            problems = rejected.problems
        except AppraisalError as error:
            problems = [ImportProblem("", None, "", str(error))]
        else:
            messages.success(
                request,
                _("The matrix was imported: %(added)s assignment(s) added, %(removed)s removed.")
                % {"added": summary.added, "removed": summary.removed},
            )
            return redirect("appraisals:assignments", framework_id=framework.pk)
    return render(
        request,
        "appraisals/assignments/import.html",
        {
            "framework": framework,
            "form": form,
            "problems": problems,
            "max_megabytes": MAX_FILE_BYTES // (1024 * 1024),
        },
    )
