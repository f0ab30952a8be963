"""What each row of the audit trail shows: local time, actor, action, object, before → after."""

import pytest
from django.urls import reverse
from django.utils import translation

from dti.agencies.models import Role
from dti.audit.views import EVENTS_PER_PAGE
from tests.audit.helpers import hanoi_time, make_event
from tests.factories import make_agency, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client):
    user = make_user(Role.COORDINATOR)
    client.force_login(user)
    return user


def test_a_row_shows_local_time_actor_ip_action_object_and_agency(client, coordinator):
    agency = make_agency("SYT", name="Sở Y tế")
    actor = make_user(Role.AGENCY_LEADER, agency=agency, username="lanhdao.syt")
    make_event(
        actor=actor,
        action="assessment.submit",
        object_type="assessments.assessment",
        object_id="42",
        object_repr="DTI 2025 — Sở Y tế",
        agency=agency,
        ip_address="203.0.113.9",
        at=hanoi_time(2025, 11, 25, 0, 10, 5),
    )
    page = client.get(reverse("audit:list")).content.decode()
    assert "25/11/2025 00:10:05" in page  # Hanoi time, although it is 24/11 in UTC
    assert "lanhdao.syt" in page
    assert "203.0.113.9" in page
    assert "assessment.submit" in page
    assert f'<a href="{reverse("assessments:overview", args=[42])}">DTI 2025 — Sở Y tế</a>' in page
    assert ">SYT</abbr>" in page


def test_known_actions_get_a_readable_label_and_unknown_ones_keep_their_code(client, coordinator):
    make_event(action="campaign.phase", object_type="campaigns.campaign")
    make_event(action="something.new")
    rows = client.get(reverse("audit:list")).context["rows"]
    with translation.override("en"):
        assert [str(row.action_label) for row in rows] == ["something.new", "Phase moved"]


def test_details_show_before_and_after_key_by_key_with_the_reason(client, coordinator):
    make_event(
        action="appraisal.decide",
        before={"decision": "pending", "points": None, "values": {"meetings": 2}},
        after={"decision": "adjusted", "points": "10", "values": {"meetings": 2}, "round": 1},
        reason="Only two meetings had minutes",
    )
    row = client.get(reverse("audit:list")).context["rows"][0]
    statuses = {change.key: change.status for change in row.changes}
    assert statuses == {
        "decision": "changed",
        "points": "changed",
        "values": "unchanged",
        "round": "added",
    }
    values = next(change for change in row.changes if change.key == "values")
    assert values.before == '{\n  "meetings": 2\n}'
    page = client.get(reverse("audit:list")).content.decode()
    assert "Only two meetings had minutes" in page


def test_stored_values_are_shown_escaped(client, coordinator):
    make_event(
        object_repr="<b>bold</b>",
        after={"note": "<script>alert(1)</script>"},
        reason="<img src=x onerror=alert(1)>",
    )
    page = client.get(reverse("audit:list")).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "<img src=x" not in page
    assert "<b>bold</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_list_is_paginated_by_100_keeping_the_filters(client, coordinator):
    for number in range(EVENTS_PER_PAGE + 1):
        make_event(action="response.save", object_id=str(number))
    make_event(action="campaign.phase")
    first = client.get(reverse("audit:list"), {"action": "response.save"})
    assert len(first.context["rows"]) == EVENTS_PER_PAGE
    assert first.context["page"].paginator.count == EVENTS_PER_PAGE + 1
    assert "action=response.save&amp;page=2" in first.content.decode()
    second = client.get(reverse("audit:list"), {"action": "response.save", "page": 2})
    assert [row.event.object_id for row in second.context["rows"]] == ["0"]


def test_the_export_links_carry_the_applied_filters(client, coordinator):
    agency = make_agency("SYT")
    make_event(agency=agency)
    response = client.get(
        reverse("audit:list"), {"agency": agency.pk, "date_from": "2025-11-01", "user": "  "}
    )
    assert response.context["export_query"] == f"agency={agency.pk}&date_from=01%2F11%2F2025"
