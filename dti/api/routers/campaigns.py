"""Campaigns: their schedule is public; the agencies' progress needs a client token."""

from django.utils.translation import gettext as _
from ninja import Router

from dti.campaigns.models import Campaign

from ..auth import client_token
from ..errors import ApiProblem
from ..schemas import AssessmentStatusOut, CampaignOut, ErrorOut
from ..selectors import assessment_statuses, campaigns
from .params import ObjectId

router = Router(tags=["campaigns"])


@router.get("", response=list[CampaignOut], summary="Campaigns with their phase and deadlines")
def list_campaigns(request):
    return campaigns()


@router.get(
    "/{campaign_id}/assessments",
    auth=client_token,
    response={200: list[AssessmentStatusOut], 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Each agency's progress in the campaign (token required)",
    description="A client scoped to some agencies sees only those agencies.",
)
def list_assessment_statuses(request, campaign_id: ObjectId):
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None:
        raise ApiProblem(404, _("There is no campaign %(id)s.") % {"id": campaign_id})
    return assessment_statuses(campaign, request.auth)
