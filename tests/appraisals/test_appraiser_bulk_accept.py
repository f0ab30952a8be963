"""Accepting many pending items at once from the queue."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from dti.appraisals.models import Appraisal, Decision
from dti.appraisals.services import decide
from dti.campaigns.models import Phase
from tests.appraisals.cycle import build_cycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle():
    return build_cycle()


@pytest.fixture(autouse=True)
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def accept_url(cycle):
    return reverse("appraisals:bulk_accept", kwargs={"campaign_id": cycle.campaign.pk})


def decisions(cycle):
    return {
        (item.assessment.agency.code, item.response.indicator.code): item.decision
        for item in Appraisal.objects.filter(assessment__campaign=cycle.campaign).select_related(
            "assessment__agency", "response__indicator"
        )
    }


def test_bulk_accept_accepts_ticked_pending_items_and_skips_decided_ones(client, cycle):
    adjusted = cycle.appraisal("SCT", "1.1")
    decide(
        adjusted,
        expected_version=0,
        decision=Decision.ADJUSTED,
        values={"meetings": "2"},
        reason="Chỉ 2 biên bản",
        by=cycle.appraisers["SKHCN"],
    )
    ticked = [adjusted.pk, cycle.appraisal("SCT", "1.2").pk, cycle.appraisal("SYT", "1.1").pk]
    client.force_login(cycle.appraisers["SKHCN"])
    response = client.post(
        accept_url(cycle), {"items": ticked, "scope": "ticked", "filters": "round=1&status=pending"}
    )
    assert response.status_code == 302
    assert "status=pending" in response.url
    after = decisions(cycle)
    assert after[("SCT", "1.1")] == Decision.ADJUSTED  # skipped, not overwritten
    assert after[("SCT", "1.2")] == Decision.ACCEPTED
    assert after[("SYT", "1.1")] == Decision.ACCEPTED
    assert after[("SYT", "1.2")] == Decision.PENDING  # not ticked
    adjusted.refresh_from_db()
    assert (adjusted.points, adjusted.version) == (10, 1)
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "2 item(s) accepted. Skipped: 1 already decided."
    ]


def test_accept_every_pending_item_of_the_page(client, cycle):
    client.force_login(cycle.appraisers["VPUB"])
    page = client.get(reverse("appraisals:queue", kwargs={"campaign_id": cycle.campaign.pk}))
    response = client.post(
        accept_url(cycle), {"page_items": page.context["pending_on_page"], "scope": "page"}
    )
    assert response.status_code == 302
    after = decisions(cycle)
    assert {after[("SCT", "2.1")], after[("SCT", "2.2")], after[("SYT", "2.1")]} == {
        Decision.ACCEPTED
    }
    assert after[("SCT", "1.1")] == Decision.PENDING  # another department's


def test_bulk_accept_never_touches_another_departments_items(client, cycle):
    others = [cycle.appraisal("SCT", "2.1").pk, cycle.appraisal("SYT", "2.1").pk]
    client.force_login(cycle.appraisers["SKHCN"])
    response = client.post(accept_url(cycle), {"items": others, "scope": "ticked"})
    assert set(decisions(cycle).values()) == {Decision.PENDING}
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "0 item(s) accepted. Skipped: 2 not appraised by your department."
    ]


def test_the_skip_message_names_each_reason(client, cycle):
    decided = cycle.appraisal("SCT", "1.1")
    decide(decided, expected_version=0, decision=Decision.ACCEPTED, by=cycle.working_group)
    ticked = [decided.pk, cycle.appraisal("SYT", "1.1").pk, cycle.appraisal("SCT", "2.1").pk]
    client.force_login(cycle.appraisers["SKHCN"])
    response = client.post(accept_url(cycle), {"items": ticked, "scope": "ticked"})
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "1 item(s) accepted. Skipped: 1 already decided; 1 not appraised by your department."
    ]


def test_items_of_a_round_that_is_not_open_are_skipped_as_such(client, cycle):
    cycle.accept_all(1)
    cycle.move(Phase.APPRAISAL_2)  # no adjustment: round 2 has no item, round 1 is closed
    Appraisal.objects.filter(response=cycle.response("SCT", "1.2"), round=1).update(
        decision=Decision.PENDING
    )
    client.force_login(cycle.appraisers["SKHCN"])
    response = client.post(
        accept_url(cycle), {"items": [cycle.appraisal("SCT", "1.2").pk], "scope": "ticked"}
    )
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "0 item(s) accepted. Skipped: 1 of a round that is not open."
    ]


def test_bulk_accept_without_ticked_items_changes_nothing(client, cycle):
    client.force_login(cycle.working_group)
    response = client.post(accept_url(cycle), {"scope": "ticked"})
    assert response.status_code == 302
    assert set(decisions(cycle).values()) == {Decision.PENDING}


def test_the_coordinator_cannot_bulk_accept(client, cycle):
    client.force_login(cycle.coordinator)
    response = client.post(accept_url(cycle), {"items": [cycle.appraisal("SCT", "1.1").pk]})
    assert response.status_code == 403
    assert set(decisions(cycle).values()) == {Decision.PENDING}
