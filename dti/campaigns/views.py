from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dti.agencies.permissions import can, permission_required
from dti.assessments.models import Assessment

from .forms import CampaignForm, DeadlinesForm, ExtensionForm, PhaseMoveForm, year_from_address
from .models import Phase, next_phase
from .selectors import campaign_assessments, campaigns_overview, get_campaign
from .services import (
    CampaignError,
    create_campaign,
    end_of_day,
    extension_refusal,
    grant_extension,
    move_phase,
    set_deadlines,
)


@permission_required("campaign.view")
def campaign_list(request):
    return render(request, "campaigns/list.html", {"campaigns": campaigns_overview()})


@permission_required("campaign.manage")
@require_http_methods(["GET", "POST"])
def campaign_create(request):
    year, year_problem = year_from_address(request.GET.get("year"))
    if year_problem and request.method == "GET":
        messages.warning(request, year_problem)
    form = CampaignForm(request.POST or None, year=year)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        agencies = list(form.cleaned_data["agencies"]) or None
        try:
            campaign = create_campaign(
                year=form.cleaned_data["year"],
                title=form.cleaned_data["title"],
                plan_reference=form.cleaned_data["plan_reference"],
                frameworks=form.chosen_frameworks(),
                agencies=agencies,
                by=request.user,
                deadlines=form.cleaned_deadlines(),
            )
        except CampaignError as error:
            problems = error.problems
        else:
            messages.success(
                request,
                _("Campaign created with %(count)s assessments.")
                % {"count": campaign.assessments.count()},
            )
            return redirect("campaigns:detail", pk=campaign.pk)
    return render(request, "campaigns/create.html", {"form": form, "problems": problems})


@permission_required("campaign.view")
def campaign_detail(request, pk):
    campaign = get_campaign(pk)
    upcoming = next_phase(campaign.phase)
    can_manage = can(request.user, "campaign.manage")
    return render(
        request,
        "campaigns/detail.html",
        {
            "campaign": campaign,
            "assessments": campaign_assessments(campaign),
            "next_phase": Phase(upcoming) if upcoming else None,
            "move_form": PhaseMoveForm(initial={"to_phase": upcoming}),
            "can_manage": can_manage,
            # No link to an extension that would be refused in this phase.
            "can_extend": can_manage and not extension_refusal(campaign),
            "problems": request.session.pop("phase_problems", []),
            "confirmable": request.session.pop("phase_confirmable", False),
        },
    )


@permission_required("campaign.manage")
@require_POST
def campaign_move_phase(request, pk):
    campaign = get_campaign(pk)
    form = PhaseMoveForm(request.POST)
    if form.is_valid():
        try:
            move_phase(
                campaign,
                form.cleaned_data["to_phase"],
                request.user,
                note=form.cleaned_data["note"],
                confirmed=form.cleaned_data["confirm"],
            )
        except CampaignError as error:
            request.session["phase_problems"] = error.problems
            request.session["phase_confirmable"] = error.confirmable
            messages.error(request, _("The phase was not changed."))
        else:
            messages.success(
                request,
                _("The campaign is now in the phase “%(phase)s”.")
                % {"phase": Phase(form.cleaned_data["to_phase"]).label},
            )
    return redirect("campaigns:detail", pk=pk)


@permission_required("campaign.manage")
@require_http_methods(["GET", "POST"])
def campaign_deadlines(request, pk):
    campaign = get_campaign(pk)
    form = DeadlinesForm(request.POST or None, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        set_deadlines(campaign, form.cleaned_deadlines(), request.user)
        messages.success(request, _("Deadlines saved."))
        return redirect("campaigns:detail", pk=pk)
    return render(request, "campaigns/deadlines.html", {"campaign": campaign, "form": form})


@permission_required("campaign.manage")
@require_http_methods(["GET", "POST"])
def assessment_extension(request, pk, assessment_id):
    campaign = get_campaign(pk)
    assessment = get_object_or_404(
        Assessment.objects.select_related("agency", "campaign"), pk=assessment_id, campaign=campaign
    )
    form = ExtensionForm(request.POST or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            grant_extension(
                assessment,
                until=end_of_day(form.cleaned_data["until"]),
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except CampaignError as error:
            problems = error.problems
        else:
            messages.success(
                request, _("Extension granted to %(agency)s.") % {"agency": assessment.agency}
            )
            return redirect("campaigns:detail", pk=pk)
    return render(
        request,
        "campaigns/extension.html",
        {
            "campaign": campaign,
            "assessment": assessment,
            "form": form,
            "problems": problems,
            "refusal": extension_refusal(campaign),
            "extensions": assessment.extensions.select_related("granted_by"),
        },
    )
