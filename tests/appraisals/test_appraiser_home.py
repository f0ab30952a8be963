"""The workspace's start page lists the campaigns under appraisal and the user's share."""

import pytest
from django.urls import reverse

from dti.appraisals.models import Decision
from dti.appraisals.services import decide
from dti.campaigns.models import Phase
from tests.appraisals.cycle import build_cycle
from tests.factories import make_agency, make_campaign

pytestmark = pytest.mark.django_db


def test_home_lists_campaigns_under_appraisal_with_the_users_pending_items(client):
    cycle = build_cycle()
    make_campaign(
        [make_agency("KHAC")], by=cycle.coordinator, year=2026, phase=Phase.SELF_ASSESSMENT
    )  # not under appraisal yet
    decide(
        cycle.appraisal("SCT", "1.1"),
        expected_version=0,
        decision=Decision.ACCEPTED,
        by=cycle.appraisers["SKHCN"],
    )
    client.force_login(cycle.appraisers["SKHCN"])
    response = client.get(reverse("appraisals:home"))
    assert response.status_code == 200
    [line] = response.context["lines"]
    assert line.campaign == cycle.campaign
    assert (line.round, line.total, line.pending, line.decided) == (1, 4, 3, 1)
    assert line.is_open
    assert response.context["can_consolidate"] is False
    page = response.content.decode()
    assert reverse("appraisals:queue", kwargs={"campaign_id": cycle.campaign.pk}) in page
    assert (
        reverse("appraisals:consolidation", kwargs={"campaign_id": cycle.campaign.pk}) not in page
    )


def test_later_phases_stay_listed_read_only(client):
    cycle = build_cycle()
    cycle.accept_all(1)
    cycle.move(Phase.RESULTS_SENT)
    client.force_login(cycle.working_group)
    response = client.get(reverse("appraisals:home"))
    [line] = response.context["lines"]
    assert (line.round, line.total, line.pending) == (1, 7, 0)
    assert not line.is_open
    assert response.context["can_consolidate"] is True
