"""Each filter of the audit trail narrows the list to exactly the matching events."""

import pytest
from django.urls import reverse

from dti.agencies.models import Role
from tests.audit.helpers import hanoi_time, make_event
from tests.factories import make_agency, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    return make_user(Role.COORDINATOR)


def listed(client, coordinator, **query) -> list[int]:
    client.force_login(coordinator)
    response = client.get(reverse("audit:list"), query)
    assert response.status_code == 200
    assert not response.context["form"].errors
    return [row.event.pk for row in response.context["rows"]]


def test_without_filters_every_event_is_listed_newest_first(client, coordinator):
    older = make_event(at=hanoi_time(2025, 11, 1, 9, 0))
    newer = make_event(at=hanoi_time(2025, 11, 2, 9, 0))
    assert listed(client, coordinator) == [newer.pk, older.pk]


def test_the_agency_filter_keeps_the_events_of_that_agency(client, coordinator):
    health, police = make_agency("SYT"), make_agency("CA")
    of_health = make_event(agency=health)
    make_event(agency=police)
    make_event(agency=None)
    assert listed(client, coordinator, agency=health.pk) == [of_health.pk]


def test_the_user_filter_finds_the_actor_by_part_of_username_or_full_name(client, coordinator):
    lan = make_user(Role.AGENCY_STAFF, username="lan.syt")
    lan.full_name = "Nguyen Thi Lan"
    lan.save()
    minh = make_user(Role.AGENCY_STAFF, username="minh.ca")
    by_lan = make_event(actor=lan)
    make_event(actor=minh)
    make_event(actor=None)
    assert listed(client, coordinator, user="LAN.S") == [by_lan.pk]
    assert listed(client, coordinator, user="thi lan") == [by_lan.pk]


def test_the_action_filter_keeps_one_action_and_offers_only_recorded_ones(client, coordinator):
    phase = make_event(action="campaign.phase", object_type="campaigns.campaign")
    make_event(action="response.save")
    assert listed(client, coordinator, action="campaign.phase") == [phase.pk]
    client.force_login(coordinator)
    choices = dict(client.get(reverse("audit:list")).context["form"].fields["action"].choices)
    assert set(choices) == {"", "campaign.phase", "response.save"}


def test_an_action_never_recorded_is_refused_with_a_form_error(client, coordinator):
    make_event(action="response.save")
    client.force_login(coordinator)
    response = client.get(reverse("audit:list"), {"action": "campaign.phase"})
    assert "action" in response.context["form"].errors
    assert len(response.context["rows"]) == 1


def test_the_object_filters_keep_the_events_of_one_object(client, coordinator):
    seven = make_event(object_type="campaigns.campaign", object_id="7")
    make_event(object_type="campaigns.campaign", object_id="8")
    response_seven = make_event(object_type="assessments.response", object_id="7")
    assert listed(client, coordinator, object_type="campaigns.campaign", object_id="7") == [
        seven.pk
    ]
    assert listed(client, coordinator, object_id="7") == [response_seven.pk, seven.pk]


def test_the_date_range_is_inclusive_and_in_local_time(client, coordinator):
    make_event(at=hanoi_time(2025, 11, 24, 23, 59, 59))
    # 00:10 in Hanoi is still 24/11 in UTC: the range must read dates in local time.
    first = make_event(at=hanoi_time(2025, 11, 25, 0, 10))
    last = make_event(at=hanoi_time(2025, 11, 25, 23, 59, 59))
    make_event(at=hanoi_time(2025, 11, 26, 0, 0, 0))
    one_day = {"date_from": "25/11/2025", "date_to": "25/11/2025"}
    assert listed(client, coordinator, **one_day) == [last.pk, first.pk]
    assert len(listed(client, coordinator, date_from="25/11/2025")) == 3
    assert len(listed(client, coordinator, date_to="25/11/2025")) == 3


def test_a_range_ending_before_it_starts_is_named_on_the_end_date(client, coordinator):
    client.force_login(coordinator)
    response = client.get(
        reverse("audit:list"), {"date_from": "26/11/2025", "date_to": "25/11/2025"}
    )
    assert list(response.context["form"].errors) == ["date_to"]


def test_a_date_not_in_dd_mm_yyyy_is_refused_on_its_field(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("audit:list"), {"date_from": "31/02/2025"})
    assert list(response.context["form"].errors) == ["date_from"]


def test_the_reason_filter_finds_words_inside_the_reason(client, coordinator):
    flood = make_event(reason="Extension: the office was flooded")
    make_event(reason="Late evidence")
    make_event(reason="")
    assert listed(client, coordinator, reason="FLOODED") == [flood.pk]


def test_filters_combine(client, coordinator):
    health = make_agency("SYT")
    match = make_event(agency=health, action="appraisal.decide", reason="points adjusted")
    make_event(agency=health, action="appraisal.decide", reason="accepted")
    make_event(agency=health, action="response.save", reason="points adjusted")
    query = {"agency": health.pk, "action": "appraisal.decide", "reason": "adjusted"}
    assert listed(client, coordinator, **query) == [match.pk]
