"""Round 2: the item shows the round-1 decision beside the agency's explanation and its new
evidence; round 2 covers exactly the adjusted indicators the agency explained (other
corrections open a round-2 item only after a reopening); the queue finds what the explanation
changed."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from dti.appraisals.models import Appraisal
from dti.appraisals.services import (
    AppraisalError,
    ensure_round_two,
    save_explanation,
    submit_explanations,
)
from dti.campaigns.models import Phase
from dti.notifications.models import Notification
from dti.results.services import reopen_campaign
from tests.appraisals.appraiser_helpers import item_url, queue_url
from tests.appraisals.cycle import build_cycle
from tests.appraisals.explanation_helpers import adjust
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
    assert page.context["filters"].agency == "SCT"
    assert [item.pk for item in page.context["page"]] == [cycle.appraisal("SCT", "1.1", 2).pk]


def explained_twice_cycle():
    """Round 1 adjusts SCT's 1.1 and 1.2 and SYT's 1.2; SCT explains both and signs off, SYT
    files nothing; the explanation deadline passes and round 2 opens."""
    cycle = build_cycle()
    adjust(cycle, "SCT", "1.1", {"meetings": "2"}, "Chỉ 2 biên bản")
    adjust(cycle, "SCT", "1.2", {"chaired": "1", "total": "4"}, "Chỉ 1 cuộc chủ trì")
    adjust(cycle, "SYT", "1.2", {"chaired": "1", "total": "4"}, "Chỉ 1 cuộc chủ trì")
    cycle.accept_all(1)
    cycle.move(Phase.EXPLANATION)
    for code in ("1.1", "1.2"):
        save_explanation(cycle.response("SCT", code), "Bổ sung biên bản", cycle.staff["SCT"])
    submit_explanations(cycle.assessment("SCT"), cycle.leaders["SCT"])
    cycle.close_explanations()
    cycle.move(Phase.APPRAISAL_2)
    return cycle


def test_the_changed_filter_finds_what_the_explanation_changed(client):
    cycle = explained_twice_cycle()
    changed = adjust(cycle, "SCT", "1.1", {"meetings": "3"}, "Chấp nhận một phần", 2)
    adjust(cycle, "SCT", "1.2", {"chaired": "1", "total": "4"}, "Giữ kết quả vòng 1", 2)
    client.force_login(cycle.working_group)
    every = client.get(queue_url(cycle.campaign))
    assert len(every.context["page"]) == 2
    filtered = client.get(queue_url(cycle.campaign), {"changed": "on"})
    assert [item.pk for item in filtered.context["page"]] == [changed.pk]


@pytest.mark.parametrize(
    ("agency", "code"),
    [("SYT", "1.2"), ("SYT", "1.1"), ("SCT", "2.1")],
    ids=["adjusted-but-not-explained", "accepted-of-an-agency-that-filed-nothing", "accepted"],
)
def test_round_two_is_refused_for_an_indicator_the_agency_did_not_explain(
    client, settings, agency, code
):
    # Until this audit any appraiser could open round 2 of any indicator in this phase and
    # change the result of an agency that had no chance to explain.
    cycle = explained_twice_cycle()
    first = cycle.appraisal(agency, code)
    client.force_login(cycle.working_group)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get(item_url(first)).context["can_open_round_two"] is False
    answer = client.post(open_url(cycle.response(agency, code)))
    assert answer.status_code == 302 and answer.url == item_url(first)
    assert [str(message) for message in get_messages(answer.wsgi_request)] == [
        "Round 2 decides only the adjusted indicators that the agency explained; this one keeps "
        "its round-1 result. Other corrections are made after the results are finalised, by "
        "reopening the campaign."
    ]
    assert not Appraisal.objects.filter(response=first.response, round=2).exists()
    with pytest.raises(AppraisalError):
        ensure_round_two(cycle.response(agency, code), cycle.working_group)


def test_the_explained_indicators_are_exactly_the_round_two_items():
    cycle = explained_twice_cycle()
    opened = Appraisal.objects.filter(assessment__campaign=cycle.campaign, round=2)
    assert sorted(
        (item.assessment.agency.code, item.response.indicator.code) for item in opened
    ) == [("SCT", "1.1"), ("SCT", "1.2")]


def test_after_a_reopening_round_two_opens_for_a_correction_and_leads_to_the_new_item(
    client, cycle
):
    cycle.accept_all(2)
    cycle.move(Phase.FINALIZED)
    reopen_campaign(cycle.campaign, "Sửa chỉ số 1.2 của Sở Y tế", cycle.coordinator)
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
