"""The appraisal council's pages: the consolidated results, the members' opinions, the tally
that the coordinator finalises from, and reopening a finalised campaign for a correction.

Council members read results and give opinions; they never change a score (the appraisal and
self-assessment pages refuse them through the permission table)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dti.agencies.models import Tier
from dti.agencies.permissions import can, permission_required
from dti.campaigns.forms import PhaseMoveForm
from dti.campaigns.models import Campaign, Phase
from dti.results.services import REOPENABLE_PHASES, reopen_campaign

from .council_selectors import (
    COUNCIL_PHASES,
    agency_results,
    council_assessment,
    council_campaign,
    council_ranking,
    earlier_opinions_of,
    opinion_of,
    ranked_tiers,
    results_are_frozen,
)
from .models import Verdict
from .services import AppraisalError, AppraisalInvalid, council_tally, submit_opinion


class OpinionForm(forms.Form):
    """The council opinion form ("phiếu xin ý kiến"). The rules (a verdict; comments unless
    the member simply agrees) live in ``submit_opinion``; the view puts its errors here."""

    verdict = forms.ChoiceField(
        label=gettext_lazy("Your opinion on the consolidated results"),
        choices=Verdict.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    comments = forms.CharField(
        label=gettext_lazy("Comments or reasons"),
        help_text=gettext_lazy("Required when you agree with comments or disagree."),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReopenForm(forms.Form):
    """Renders the reason field; ``reopen_campaign`` checks that a reason is given."""

    reason = forms.CharField(
        label=gettext_lazy("Reason for the correction"),
        help_text=gettext_lazy("Shown with the results to everyone who reads them."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


COUNCIL_ROWS_PER_PAGE = 100


@permission_required("council.view")
@require_GET
def council_home(request):
    """The council members' start page: the campaigns whose results they read."""
    campaigns = Campaign.objects.filter(phase__in=COUNCIL_PHASES).order_by("-year", "-pk")
    return render(request, "appraisals/council/home.html", {"campaigns": campaigns})


@permission_required("council.view")
@require_http_methods(["GET", "POST"])
def council(request, campaign_id):
    campaign = council_campaign(request.user, campaign_id)
    gives_opinions = can(request.user, "council.opinion")
    opinion = opinion_of(campaign, request.user) if gives_opinions else None
    earlier = earlier_opinions_of(campaign, request.user) if gives_opinions else []
    form = None
    if request.method == "POST":
        if not gives_opinions:
            raise PermissionDenied("council.opinion")
        form = OpinionForm(request.POST)
        if form.is_valid():
            try:
                submit_opinion(
                    campaign,
                    verdict=form.cleaned_data["verdict"],
                    comments=form.cleaned_data["comments"],
                    by=request.user,
                )
            except AppraisalInvalid as error:
                _add_errors(form, error.errors)
            except AppraisalError as error:
                messages.error(request, str(error))
                return redirect("appraisals:council", campaign_id=campaign.pk)
            else:
                messages.success(request, _("Your opinion has been recorded."))
                return redirect("appraisals:council", campaign_id=campaign.pk)
    elif gives_opinions and campaign.phase == Phase.COUNCIL:
        initial = {"verdict": opinion.verdict, "comments": opinion.comments} if opinion else {}
        form = OpinionForm(initial=initial)
    tiers = ranked_tiers(campaign)
    tier = request.GET.get("tier") if request.GET.get("tier") in tiers else next(iter(tiers), "")
    return render(
        request,
        "appraisals/council/results.html",
        {
            "campaign": campaign,
            "tiers": [Tier(value) for value in tiers],
            "ranking": council_ranking(
                campaign, tier, request.GET.get("page"), COUNCIL_ROWS_PER_PAGE
            )
            if tier
            else None,
            "frozen": results_are_frozen(campaign),
            "gives_opinions": gives_opinions,
            "opinion": opinion,
            "earlier_opinions": earlier,
            "form": form,
            "council_phase_label": Phase.COUNCIL.label,
            "can_finalize": can(request.user, "campaign.finalize"),
            "reopenings": campaign.reopenings.all(),
        },
    )


def _add_errors(form: forms.Form, errors: dict[str, list[str]]) -> None:
    for name, items in errors.items():
        for message in items:
            form.add_error(name if name in form.fields else None, message)


@permission_required("council.view")
@require_GET
def council_agency(request, campaign_id, assessment_id):
    campaign = council_campaign(request.user, campaign_id)
    assessment = council_assessment(campaign, assessment_id)
    return render(
        request,
        "appraisals/council/agency.html",
        {"campaign": campaign, "results": agency_results(assessment)},
    )


@permission_required("campaign.finalize")
@require_GET
def tally(request, campaign_id):
    campaign = council_campaign(request.user, campaign_id)
    counted = council_tally(campaign)
    return render(
        request,
        "appraisals/council/tally.html",
        {
            "campaign": campaign,
            "tally": counted,
            "counts": [(label, counted.counts[value]) for value, label in Verdict.choices],
            "finalise_form": PhaseMoveForm(initial={"to_phase": Phase.FINALIZED})
            if campaign.phase == Phase.COUNCIL
            else None,
            "reopen_form": ReopenForm() if campaign.phase in REOPENABLE_PHASES else None,
            "reopenings": campaign.reopenings.all(),
        },
    )


@permission_required("campaign.finalize")
@require_POST
def reopen(request, campaign_id):
    campaign = council_campaign(request.user, campaign_id)
    try:
        reopen_campaign(campaign, request.POST.get("reason", ""), request.user)
    except ValueError as error:
        messages.error(request, str(error))
        return redirect("appraisals:tally", campaign_id=campaign.pk)
    messages.success(
        request,
        _("The campaign is reopened for a correction: appraisal round 2 is open again."),
    )
    return redirect("campaigns:detail", pk=campaign.pk)
