"""Progress per appraising department: items assigned, decided, pending and adjusted, per
round; every appraiser sees every department's counts."""

import pytest
from django.urls import reverse

from dti.appraisals.models import Decision
from dti.appraisals.services import decide
from tests.appraisals.cycle import build_cycle
from tests.appraisals.round_two_helpers import cycle_in_round_two

pytestmark = pytest.mark.django_db


def counts(line, round_number):
    progress = line.rounds[round_number]
    return progress.assigned, progress.decided, progress.pending, progress.adjusted


def test_progress_counts_per_department_and_round(client):
    cycle = cycle_in_round_two()
    explained = cycle.appraisal("SCT", "1.1", 2)
    decide(explained, expected_version=0, decision=Decision.ACCEPTED, by=cycle.appraisers["SKHCN"])
    client.force_login(cycle.appraisers["VPUB"])
    response = client.get(reverse("appraisals:progress", kwargs={"campaign_id": cycle.campaign.pk}))
    assert response.status_code == 200
    lines = {line.department.code: line for line in response.context["lines"]}
    assert set(lines) == {"SKHCN", "VPUB"}
    # SKHCN: 1.1 and 1.2 of both agencies; SCT 1.1 adjusted in round 1 and re-decided in round 2.
    assert counts(lines["SKHCN"], 1) == (4, 4, 0, 1)
    assert counts(lines["SKHCN"], 2) == (1, 1, 0, 0)
    # VPUB: 2.1 of both agencies and 2.2 of SCT (the only digital-economy agency).
    assert counts(lines["VPUB"], 1) == (3, 3, 0, 0)
    assert counts(lines["VPUB"], 2) == (0, 0, 0, 0)


def test_progress_shows_pending_items_during_round_one(client):
    cycle = build_cycle()
    decide(
        cycle.appraisal("SYT", "1.2"),
        expected_version=0,
        decision=Decision.ADJUSTED,
        values={"chaired": "1", "total": "4"},
        reason="Một cuộc",
        by=cycle.working_group,
    )
    client.force_login(cycle.coordinator)
    response = client.get(reverse("appraisals:progress", kwargs={"campaign_id": cycle.campaign.pk}))
    lines = {line.department.code: line for line in response.context["lines"]}
    assert counts(lines["SKHCN"], 1) == (4, 1, 3, 1)
    assert lines["SKHCN"].first.percent == 25
    assert counts(lines["VPUB"], 1) == (3, 0, 3, 0)
