"""The coordinator's pages on the uses of the results: PAR Index conversion and award proposals.

Each page edits its rule (the services in ``outcomes.py`` validate and audit) and shows what the
saved rule gives on the campaign's frozen results, with .xlsx and .csv exports.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dti.agencies.permissions import permission_required
from dti.campaigns.models import Campaign

from .outcome_exports import (
    CSV_TYPE,
    XLSX_TYPE,
    award_csv,
    award_workbook,
    par_csv,
    par_workbook,
)
from .outcome_forms import AwardRuleForm, ParRuleForm
from .outcomes import (
    RuleInvalid,
    award_rule_of,
    award_tables,
    describe_award_rule,
    describe_par_rule,
    par_rule_of,
    par_tables,
    results_frozen,
    set_award_rule,
    set_par_rule,
)

EXPORT_TYPES = {"xlsx": XLSX_TYPE, "csv": CSV_TYPE}
# The exports are official documents (for the Department of Home Affairs, for the emulation and
# reward council): Vietnamese whatever language the coordinator reads the interface in, like
# the results workbook, the Word report and the scorecards.
DOCUMENT_LANGUAGE = "vi"


def _download(content: bytes, file_format: str, campaign: Campaign, what: str) -> HttpResponse:
    name = f"dti-{campaign.year}-{what}-{campaign.pk}-{timezone.localdate():%Y%m%d}.{file_format}"
    response = HttpResponse(content, content_type=EXPORT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _not_frozen_message() -> str:
    return _(
        "The results are not final yet: the PAR Index points and award proposals are computed "
        "from the frozen results of a finalised or published campaign."
    )


@permission_required("par.manage")
@require_http_methods(["GET", "POST"])
def par(request, campaign_id):
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    rule = par_rule_of(campaign)
    if request.method == "POST":
        form = ParRuleForm(request.POST)
        if form.is_valid():
            try:
                set_par_rule(
                    campaign,
                    component_name=form.cleaned_data["component_name"],
                    method=form.cleaned_data["method"],
                    component_max=form.cleaned_data["component_max"],
                    bands=form.bands(),
                    by=request.user,
                )
            except RuleInvalid as error:
                form.add_rule_errors(error.errors)
            else:
                messages.success(request, _("The PAR Index rule has been saved."))
                return redirect("results:par", campaign_id=campaign.pk)
    else:
        form = ParRuleForm.for_rule(rule)
    frozen = results_frozen(campaign)
    return render(
        request,
        "results/outcomes/par.html",
        {
            "campaign": campaign,
            "form": form,
            "rule": rule,
            "frozen": frozen,
            "not_frozen_message": _not_frozen_message(),
            "description": describe_par_rule(rule) if rule else "",
            "tables": par_tables(campaign, rule) if rule and frozen else [],
        },
    )


def _export_allowed(request, campaign: Campaign, rule, file_format: str) -> bool:
    if file_format not in EXPORT_TYPES:
        raise Http404
    if not results_frozen(campaign):
        messages.error(request, _not_frozen_message())
        return False
    if rule is None:
        messages.error(request, _("Save a rule first."))
        return False
    return True


@permission_required("par.manage")
@require_GET
def par_export(request, campaign_id, file_format):
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    rule = par_rule_of(campaign)
    if not _export_allowed(request, campaign, rule, file_format):
        return redirect("results:par", campaign_id=campaign.pk)
    with translation.override(DOCUMENT_LANGUAGE):
        tables = par_tables(campaign, rule)
        is_xlsx = file_format == "xlsx"
        content = par_workbook(campaign, rule, tables) if is_xlsx else par_csv(rule, tables)
    return _download(content, file_format, campaign, "par-index")


@permission_required("award.manage")
@require_http_methods(["GET", "POST"])
def awards(request, campaign_id):
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    rule = award_rule_of(campaign)
    if request.method == "POST":
        form = AwardRuleForm(request.POST)
        if form.is_valid():
            try:
                set_award_rule(
                    campaign,
                    top_n=form.cleaned_data["top_n"],
                    min_dti_value=form.cleaned_data["min_dti_value"],
                    no_zero_indicator=form.cleaned_data["no_zero_indicator"],
                    by=request.user,
                )
            except RuleInvalid as error:
                form.add_rule_errors(error.errors)
            else:
                messages.success(request, _("The award rule has been saved."))
                return redirect("results:awards", campaign_id=campaign.pk)
    else:
        form = AwardRuleForm.for_rule(rule)
    frozen = results_frozen(campaign)
    return render(
        request,
        "results/outcomes/awards.html",
        {
            "campaign": campaign,
            "form": form,
            "rule": rule,
            "frozen": frozen,
            "not_frozen_message": _not_frozen_message(),
            "description": describe_award_rule(rule) if rule else "",
            "tables": award_tables(campaign, rule) if rule and frozen else [],
        },
    )


@permission_required("award.manage")
@require_GET
def awards_export(request, campaign_id, file_format):
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    rule = award_rule_of(campaign)
    if not _export_allowed(request, campaign, rule, file_format):
        return redirect("results:awards", campaign_id=campaign.pk)
    with translation.override(DOCUMENT_LANGUAGE):
        tables = award_tables(campaign, rule)
        is_xlsx = file_format == "xlsx"
        content = award_workbook(campaign, rule, tables) if is_xlsx else award_csv(tables)
    return _download(content, file_format, campaign, "award-proposals")
