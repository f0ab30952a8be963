"""Publishing the results and signing off explanations, done through their pages, are recorded:
who, from which address, on what, before and after."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dti.audit.models import AuditEvent
from dti.campaigns.models import Phase
from tests.appraisals.cycle import build_cycle
from tests.appraisals.explanation_helpers import adjusted_cycle

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.44"


def test_publishing_records_the_publication_and_the_phase_move(client):
    cycle = build_cycle()
    cycle.accept_all(1)
    cycle.move(Phase.FINALIZED)
    campaign = cycle.campaign
    client.force_login(cycle.coordinator)
    started = timezone.now()

    client.post(
        reverse("campaigns:move_phase", args=[campaign.pk]),
        {"to_phase": Phase.PUBLISHED, "note": "Theo Quyết định công bố"},
        REMOTE_ADDR=ADDRESS,
    )

    campaign.refresh_from_db()
    assert campaign.phase == Phase.PUBLISHED
    published = AuditEvent.objects.get(action="results.publish")
    assert (published.actor, published.ip_address) == (cycle.coordinator, ADDRESS)
    assert (published.object_type, published.object_id) == ("campaigns.campaign", str(campaign.pk))
    assert published.object_repr == campaign.title
    assert published.after == {"published_at": campaign.published_at.isoformat()}
    assert started <= datetime.datetime.fromisoformat(published.after["published_at"])
    moved = AuditEvent.objects.get(action="campaign.phase", after={"phase": Phase.PUBLISHED})
    assert (moved.actor, moved.ip_address, moved.object_id) == (
        cycle.coordinator,
        ADDRESS,
        str(campaign.pk),
    )
    assert moved.before == {"phase": Phase.FINALIZED}
    assert moved.reason == "Theo Quyết định công bố"


def test_signing_off_explanations_records_the_leader_and_the_indicators(client):
    cycle = adjusted_cycle(Phase.EXPLANATION)
    assessment = cycle.assessment("SCT")
    leader = cycle.leaders["SCT"]
    client.force_login(cycle.staff["SCT"])
    client.post(
        reverse("appraisals:explain", args=[assessment.pk, "1.1"]),
        {"text": "Bổ sung biên bản họp tháng 10"},
    )
    client.force_login(leader)

    client.post(
        reverse("appraisals:submit_explanations", args=[assessment.pk]), REMOTE_ADDR=ADDRESS
    )

    assessment.refresh_from_db()
    assert assessment.explanation_submitted_by == leader
    event = AuditEvent.objects.get(action="explanation.submit")
    assert (event.actor, event.ip_address) == (leader, ADDRESS)
    assert (event.object_type, event.object_id) == ("assessments.assessment", str(assessment.pk))
    assert event.agency == cycle.agencies["SCT"]
    assert event.after == {"indicators": ["1.1"]}
    saved = AuditEvent.objects.get(action="explanation.save")
    assert (saved.actor, saved.agency, saved.after) == (
        cycle.staff["SCT"],
        cycle.agencies["SCT"],
        {"text": "Bổ sung biên bản họp tháng 10"},
    )


def test_a_refused_sign_off_records_nothing(client):
    cycle = adjusted_cycle(Phase.EXPLANATION)
    client.force_login(cycle.leaders["SCT"])
    client.post(reverse("appraisals:submit_explanations", args=[cycle.assessment("SCT").pk]))
    assert not AuditEvent.objects.filter(action="explanation.submit").exists()
