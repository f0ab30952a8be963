import datetime

from django.utils import timezone

from dti.assessments.models import Evidence, EvidenceKind
from dti.campaigns.models import Phase
from dti.campaigns.services import default_deadlines

# Values that answer every indicator of the small test framework.
FULL_ANSWERS = {
    "1.1": {"meetings": "4"},
    "1.2": {"chaired": "3", "total": "4"},
    "2.1": {"plan": "yes", "drills": "2", "incidents": "0"},
    "2.2": {"level": "partial"},
}


def open_deadlines(days: int = 10) -> dict:
    """Deadlines that put the self-assessment deadline ``days`` from now (later phases after)."""
    base = timezone.now() + datetime.timedelta(days=days)
    deadlines = default_deadlines(timezone.localdate().year)
    order = list(deadlines)
    return {
        phase: base + datetime.timedelta(days=max(0, order.index(phase) - 1)) for phase in order
    }


def close_self_assessment(campaign) -> None:
    """The self-assessment deadline passed a minute ago: round 1 may open without confirming
    past the drafts left (tests/campaigns/test_early_round_one.py)."""
    campaign.deadlines.filter(phase=Phase.SELF_ASSESSMENT).update(
        due_at=timezone.now() - datetime.timedelta(minutes=1)
    )


def attach_link(response, user):
    """Evidence as a link, created directly (the evidence views are tested on their own)."""
    return Evidence.objects.create(
        assessment=response.assessment,
        response=response,
        kind=EvidenceKind.LINK,
        url="https://example.gov.vn/bien-ban",
        title="Biên bản",
        uploaded_by=user,
    )
