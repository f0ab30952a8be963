"""Published results: public once the campaign is published, absent before."""

from django.utils.translation import gettext as _
from ninja import Router

from dti.results.selectors import published_campaigns

from ..errors import ApiProblem
from ..schemas import CampaignResultsOut, ErrorOut, PublishedCampaignOut
from ..selectors import published_results
from .params import ObjectId

router = Router(tags=["results"])


@router.get(
    "", response=list[PublishedCampaignOut], summary="Campaigns whose results are published"
)
def list_published(request):
    return [
        {
            "campaign_id": campaign.pk,
            "year": campaign.year,
            "title": campaign.title,
            "published_at": campaign.published_at,
        }
        for campaign in published_campaigns()
    ]


@router.get(
    "/{campaign_id}",
    response={200: CampaignResultsOut, 404: ErrorOut, 422: ErrorOut},
    summary="A published campaign's results, ranked per tier",
)
def get_results(request, campaign_id: ObjectId):
    results = published_results(campaign_id)
    if results is None:
        raise ApiProblem(
            404, _("There are no published results for campaign %(id)s.") % {"id": campaign_id}
        )
    return results
