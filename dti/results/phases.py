"""Publication: entering the phase "published" makes the frozen results public."""

from django.utils import timezone

from dti.audit.services import record
from dti.campaigns.models import Campaign, Phase
from dti.campaigns.services import PHASE_ENTRY_ACTIONS


def _publish(campaign: Campaign, by) -> None:
    campaign.published_at = timezone.now()
    campaign.save(update_fields=["published_at"])
    record(by, "results.publish", campaign, after={"published_at": campaign.published_at})


PHASE_ENTRY_ACTIONS[Phase.PUBLISHED].append(_publish)
