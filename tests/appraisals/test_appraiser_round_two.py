"""Round 2: the item shows the round-1 decision beside the agency's explanation and its new
evidence; corrections open a round-2 item; the queue finds what the explanation changed."""

import pytest
from django.urls import reverse

from dti.appraisals.models import Appraisal, Decision
from dti.appraisals.services import decide
from dti.notifications.models import Notification
from tests.appraisals.appraiser_helpers import item_url, queue_url
from tests.appraisals.cycle import build_cycle
from tests.appraisals.round_two_helpers import EXPLANATION_TEXT, cycle_in_round_two

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle():
    return cycle_in_round_two()


def open_url(response):
    return reverse("appraisals:open_round_two", kwargs={"response_id": response.pk})


def test_a_round_two_item_shows_the_round_one_decision_and_the_explanation(client, cycle):
    client.force_login(cycle.appraisers["SKHCN"])
    page = client.get(item_url(cycle.appraisal("SCT", "1.1", 2)))
    assert page.status_code == 200
    detail = page.context["detail"]
    assert detail.round_one.reason == "Chỉ có 2 biên bản hợp lệ"
    assert detail.round_one.points == 10
    assert [line.text for line in detail.round_one_state.values] == ["2 cuộc"]
    assert detail.explanation.text == EXPLANATION_TEXT
    assert [item.title for item in detail.self_evidence] == ["Biên bản"]
    assert [item.title for item in detail.explanation_evidence] == ["Biên bản bổ sung"]
    assert page.context["editable"] is True
    # The round-2 form starts from the round-1 values.
    assert page.context["values_form"]["meetings"].value() == "2"
    html = page.content.decode()
    assert EXPLANATION_TEXT in html and "bien-ban-bo-sung" in html


def test_the_queue_opens_on_round_two_and_can_show_round_one(client, cycle):
    client.force_login(cycle.appraisers["SKHCN"])
    round_two = client.get(queue_url(cycle.campaign))
    assert [item.pk for item in round_two.context["page"]] == [cycle.appraisal("SCT", "1.1", 2).pk]
    assert round_two.context["can_decide"] is True
    round_one = client.get(queue_url(cycle.campaign), {"round": 1})
    assert len(round_one.context["page"]) == 4
    assert round_one.context["can_decide"] is False  # round 1 is closed


def test_the_explanation_notification_leads_to_the_agencys_round_two_items(client, cycle):
    appraiser = cycle.appraisers["SKHCN"]
    notification = Notification.objects.get(user=appraiser, kind="explanation.filed")
    client.force_login(appraiser)
    page = client.get(notification.url)
    assert page.context["filters"].agency_id == cycle.agencies["SCT"].pk
    assert [item.pk for item in page.context["page"]] == [cycle.appraisal("SCT", "1.1", 2).pk]


def test_the_changed_filter_finds_what_the_explanation_changed(client, cycle):
    explained = cycle.appraisal("SCT", "1.1", 2)
    decide(
        explained,
        expected_version=0,
        decision=Decision.ADJUSTED,
        values={"meetings": "3"},
        reason="Chấp nhận một phần giải trình",
        by=cycle.appraisers["SKHCN"],
    )
    client.force_login(cycle.working_group)
    client.post(open_url(cycle.response("SYT", "1.1")))
    unchanged = cycle.appraisal("SYT", "1.1", 2)
    decide(unchanged, expected_version=0, decision=Decision.ACCEPTED, by=cycle.working_group)
    every = client.get(queue_url(cycle.campaign))
    assert len(every.context["page"]) == 2
    changed = client.get(queue_url(cycle.campaign), {"changed": "on"})
    assert [item.pk for item in changed.context["page"]] == [explained.pk]


def test_opening_round_two_for_a_correction_leads_to_the_new_item(client, cycle):
    response = cycle.response("SYT", "1.2")
    client.force_login(cycle.appraisers["SKHCN"])
    first_page = client.get(item_url(cycle.appraisal("SYT", "1.2")))
    assert first_page.context["can_open_round_two"] is True
    answer = client.post(open_url(response))
    created = Appraisal.objects.get(response=response, round=2)
    assert answer.status_code == 302 and answer.url == item_url(created)
    assert created.values == cycle.appraisal("SYT", "1.2").values
    assert client.post(open_url(response)).url == item_url(created)  # opened once
    assert Appraisal.objects.filter(response=response, round=2).count() == 1


def test_an_appraiser_cannot_open_round_two_of_another_departments_indicator(client, cycle):
    client.force_login(cycle.appraisers["SKHCN"])
    response = cycle.response("SYT", "2.1")
    assert client.post(open_url(response)).status_code == 403
    assert not Appraisal.objects.filter(response=response, round=2).exists()


def test_round_two_cannot_be_opened_during_round_one(client):
    cycle = build_cycle()
    response = cycle.response("SCT", "1.1")
    client.force_login(cycle.working_group)
    assert (
        client.get(item_url(cycle.appraisal("SCT", "1.1"))).context["can_open_round_two"] is False
    )
    answer = client.post(open_url(response))
    assert answer.status_code == 302
    assert answer.url == item_url(cycle.appraisal("SCT", "1.1"))
    assert not Appraisal.objects.filter(response=response, round=2).exists()
