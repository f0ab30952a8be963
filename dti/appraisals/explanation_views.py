"""The agency's side of the appraisal: its round-1 results, the explanation of each adjusted
indicator with supplementary evidence, and the leader's sign-off. The work is done in
``services`` and ``dti.assessments.evidence``; the reads in ``explanation_selectors``."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dti.agencies.permissions import can, require
from dti.assessments.evidence import (
    EvidenceRejected,
    add_file_evidence,
    add_link_evidence,
    delete_evidence,
    max_upload_bytes,
)
from dti.assessments.models import EvidenceStage
from dti.assessments.services import EditingClosed

from . import explanation_selectors as selectors
from .services import AppraisalError, save_explanation, submit_explanations

MAX_EXPLANATION_CHARS = 10000


class ExplanationForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Explanation"),
        required=False,
        max_length=MAX_EXPLANATION_CHARS,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy(
            "Say why the adjustment should be reconsidered and which supplementary evidence "
            "shows it. Saving an empty text withdraws the explanation."
        ),
    )


@login_required
@require_GET
def results_page(request, pk):
    """Self against appraised points per group and indicator, with the decisions, reasons and
    explanations."""
    assessment = selectors.get_results_assessment(request.user, pk)
    results = selectors.agency_results(assessment)
    return render(
        request,
        "appraisals/results/agency_results.html",
        {
            "assessment": assessment,
            "results": results,
            "can_explain": results.window.open
            and can(request.user, "explanation.edit", assessment),
            "can_submit": can(request.user, "explanation.submit", assessment),
        },
    )


def _render_explain(request, assessment, response, form=None, evidence_values=None):
    page = selectors.explanation_page(assessment, response)
    if form is None:
        form = ExplanationForm(initial={"text": page.explanation.text if page.explanation else ""})
    return render(
        request,
        "appraisals/results/explain.html",
        {
            "assessment": assessment,
            "page": page,
            "indicator": page.indicator,
            "form": form,
            "editable": page.window.open and can(request.user, "explanation.edit", assessment),
            "evidence_values": evidence_values or {},
            "evidence_max_bytes": max_upload_bytes(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def explain(request, pk, code):
    """The explanation of one indicator adjusted in round 1; what was typed is kept when the
    explanation cannot be saved."""
    assessment = selectors.get_results_assessment(request.user, pk)
    response = selectors.get_adjusted_response(assessment, code)
    if request.method != "POST":
        return _render_explain(request, assessment, response)
    require(request.user, "explanation.edit", assessment)
    form = ExplanationForm(request.POST)
    if form.is_valid():
        try:
            explanation = save_explanation(response, form.cleaned_data["text"], request.user)
        except AppraisalError as refused:
            messages.error(request, _("Not saved: %(reason)s") % {"reason": refused})
        else:
            if explanation is None:
                messages.success(
                    request, _("The explanation of %(code)s is withdrawn.") % {"code": code}
                )
            else:
                messages.success(
                    request, _("The explanation of %(code)s is saved.") % {"code": code}
                )
            if request.POST.get("then") == "results":
                return redirect("appraisals:agency_results", pk=pk)
            return redirect("appraisals:explain", pk=pk, code=code)
    return _render_explain(request, assessment, response, form=form)


@login_required
@require_POST
def explain_evidence(request, pk, code):
    """Attach supplementary evidence (a file or a link) to an adjusted indicator."""
    assessment = selectors.get_results_assessment(request.user, pk)
    response = selectors.get_adjusted_response(assessment, code)
    require(request.user, "explanation.edit", assessment)
    upload = request.FILES.get("file")
    url = request.POST.get("url", "").strip()
    title = request.POST.get("title", "")
    try:
        if upload and url:
            raise EvidenceRejected(_("Attach either a file or a link, not both at once."))
        if upload:
            evidence = add_file_evidence(
                response, upload, title, request.user, stage=EvidenceStage.EXPLANATION
            )
        elif url:
            evidence = add_link_evidence(
                response, url, title, request.user, stage=EvidenceStage.EXPLANATION
            )
        else:
            raise EvidenceRejected(_("Choose a file or enter a link."))
    except (EvidenceRejected, EditingClosed) as refused:
        messages.error(request, _("Nothing was attached. %(reason)s") % {"reason": refused})
        return _render_explain(
            request, assessment, response, evidence_values={"url": url, "title": title}
        )
    messages.success(request, _("“%(name)s” is attached.") % {"name": evidence})
    return redirect("appraisals:explain", pk=pk, code=code)


@login_required
@require_POST
def explain_evidence_delete(request, pk, evidence_id):
    """Remove supplementary evidence while the explanations may still be changed."""
    assessment = selectors.get_results_assessment(request.user, pk)
    require(request.user, "explanation.edit", assessment)
    evidence = selectors.get_explanation_evidence(assessment, evidence_id)
    name = str(evidence)
    try:
        delete_evidence(evidence, request.user)
    except EditingClosed as closed:
        messages.error(
            request, _("“%(name)s” was not deleted: %(reason)s") % {"name": name, "reason": closed}
        )
    else:
        messages.success(request, _("“%(name)s” is deleted.") % {"name": name})
    return redirect("appraisals:explain", pk=pk, code=evidence.response.indicator.code)


@login_required
@require_http_methods(["GET", "POST"])
def sign_off(request, pk):
    """The agency leader reviews what will be sent and signs off the explanations."""
    assessment = selectors.get_results_assessment(request.user, pk)
    require(request.user, "explanation.submit", assessment)
    if request.method == "POST":
        try:
            count = submit_explanations(assessment, request.user)
        except AppraisalError as refused:
            messages.error(
                request, _("The explanations were not submitted: %(reason)s") % {"reason": refused}
            )
        else:
            messages.success(
                request,
                ngettext(
                    "The explanation of %(count)s indicator is signed off and sent to the "
                    "appraisers.",
                    "The explanations of %(count)s indicators are signed off and sent to the "
                    "appraisers.",
                    count,
                )
                % {"count": count},
            )
            return redirect("appraisals:agency_results", pk=pk)
    return render(
        request,
        "appraisals/results/sign_off.html",
        {"assessment": assessment, "results": selectors.agency_results(assessment)},
    )
