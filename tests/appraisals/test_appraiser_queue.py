"""The queue: who sees which items, the filters, the counts and the pages."""

import pytest

from dti.agencies.models import Agency, Role
from dti.appraisals import appraiser_views
from dti.appraisals.models import Decision
from dti.appraisals.services import decide
from tests.appraisals.appraiser_helpers import (
    appraisal_campaign,
    appraising_departments,
    queue_url,
)
from tests.appraisals.cycle import build_cycle
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle():
    return build_cycle()


def listed(response):
    return sorted(
        (item.assessment.agency.code, item.response.indicator.code)
        for item in response.context["page"]
    )


def test_an_appraiser_sees_only_the_items_of_its_department(client, cycle):
    client.force_login(cycle.appraisers["SKHCN"])
    response = client.get(queue_url(cycle.campaign))
    assert response.status_code == 200
    assert listed(response) == [("SCT", "1.1"), ("SCT", "1.2"), ("SYT", "1.1"), ("SYT", "1.2")]
    assert response.context["counts"]["total"] == 4

    client.force_login(cycle.appraisers["VPUB"])
    response = client.get(queue_url(cycle.campaign))
    assert listed(response) == [("SCT", "2.1"), ("SCT", "2.2"), ("SYT", "2.1")]


def test_the_indicator_filter_offers_only_the_departments_indicators(client, cycle):
    client.force_login(cycle.appraisers["VPUB"])
    form = client.get(queue_url(cycle.campaign)).context["form"]
    assert [value for value, _label in form.fields["indicator"].choices] == ["", "2.1", "2.2"]


@pytest.mark.parametrize("who", ["working_group", "coordinator"])
def test_the_working_group_and_the_coordinator_see_every_item(client, cycle, who):
    client.force_login(getattr(cycle, who))
    response = client.get(queue_url(cycle.campaign))
    assert len(listed(response)) == 7  # SCT has 4 indicators, SYT 3 (no digital economy)


def test_filters_narrow_the_queue_by_agency_indicator_and_decision(client, cycle):
    appraisal = cycle.appraisal("SCT", "1.1")
    decide(appraisal, expected_version=0, decision=Decision.ACCEPTED, by=cycle.working_group)
    client.force_login(cycle.working_group)
    url = queue_url(cycle.campaign)
    assert listed(client.get(url, {"agency": "SCT"})) == [
        ("SCT", "1.1"),
        ("SCT", "1.2"),
        ("SCT", "2.1"),
        ("SCT", "2.2"),
    ]
    assert listed(client.get(url, {"indicator": "2.1"})) == [("SCT", "2.1"), ("SYT", "2.1")]
    assert listed(client.get(url, {"status": "accepted"})) == [("SCT", "1.1")]
    pending = client.get(url, {"status": "pending", "agency": "sct"})
    assert listed(pending) == [("SCT", "1.2"), ("SCT", "2.1"), ("SCT", "2.2")]
    # The counts at the top keep every decision, under the other filters.
    assert pending.context["counts"] == {"pending": 3, "accepted": 1, "adjusted": 0, "total": 4}


def test_rows_show_self_and_appraised_points_and_who_decided(client, cycle):
    appraisal = cycle.appraisal("SCT", "1.1")
    decide(
        appraisal,
        expected_version=0,
        decision=Decision.ADJUSTED,
        values={"meetings": "3"},
        reason="Một biên bản không hợp lệ",
        by=cycle.appraisers["SKHCN"],
    )
    client.force_login(cycle.appraisers["SKHCN"])
    response = client.get(queue_url(cycle.campaign), {"indicator": "1.1"})
    row = next(item for item in response.context["page"] if item.pk == appraisal.pk)
    assert (row.response.points, row.points, row.decision) == (20, 15, Decision.ADJUSTED)
    assert row.decided_by == cycle.appraisers["SKHCN"]
    page = response.content.decode()
    assert "15" in page and cycle.appraisers["SKHCN"].username in page


def test_the_agency_is_found_by_words_of_its_name_without_accents(client, cycle):
    client.force_login(cycle.working_group)
    url = queue_url(cycle.campaign)
    assert {code for code, _indicator in listed(client.get(url, {"agency": "cong thuong"}))} == {
        "SCT"
    }
    assert {code for code, _indicator in listed(client.get(url, {"agency": "Sở"}))} == {
        "SCT",
        "SYT",
    }
    nobody = client.get(url, {"agency": "Hoàn Kiếm"})
    assert listed(nobody) == []
    assert "Hoàn Kiếm" in nobody.content.decode()  # kept in the field, to be corrected


def test_an_unknown_filter_value_is_ignored_and_reported(client, cycle):
    client.force_login(cycle.working_group)
    response = client.get(
        queue_url(cycle.campaign), {"indicator": "9.9", "agency": "x" * 101, "round": "7"}
    )
    assert response.status_code == 200
    assert len(listed(response)) == 7
    assert set(response.context["form"].errors) == {"indicator", "agency", "round"}


def test_the_queue_is_paginated(client, cycle, monkeypatch):
    assert appraiser_views.ITEMS_PER_PAGE == 100
    monkeypatch.setattr(appraiser_views, "ITEMS_PER_PAGE", 3)
    client.force_login(cycle.working_group)
    first = client.get(queue_url(cycle.campaign))
    third = client.get(queue_url(cycle.campaign), {"page": 3})
    assert first.context["page"].paginator.num_pages == 3
    assert listed(first) == [("SCT", "1.1"), ("SCT", "1.2"), ("SCT", "2.1")]
    assert listed(third) == [("SYT", "2.1")]
    assert third.context["pending_on_page"] == [cycle.appraisal("SYT", "2.1").pk]


def test_the_queue_lists_agencies_by_code_whatever_order_they_were_added_in(client):
    coordinator = make_user(Role.COORDINATOR)
    campaign = appraisal_campaign(3, "Q", appraising_departments(), coordinator)
    # The first agency added now sorts last.
    Agency.objects.filter(code="Q0").update(code="QZ")
    client.force_login(coordinator)

    response = client.get(queue_url(campaign))

    in_page = [
        (item.assessment.agency.code, item.response.indicator.code)
        for item in response.context["page"]
    ]
    assert next(code for code, _indicator in in_page) == "Q1"
    assert in_page == sorted(in_page)
    assert {code for code, _indicator in in_page} == {"Q1", "Q2", "QZ"}


def test_pages_count_only_the_items_of_the_chosen_decision(client, cycle, monkeypatch):
    monkeypatch.setattr(appraiser_views, "ITEMS_PER_PAGE", 2)
    decide(
        cycle.appraisal("SCT", "1.1"),
        expected_version=0,
        decision=Decision.ACCEPTED,
        by=cycle.working_group,
    )
    client.force_login(cycle.working_group)

    pending = client.get(queue_url(cycle.campaign), {"status": "pending"})
    accepted = client.get(queue_url(cycle.campaign), {"status": "accepted"})

    assert pending.context["page"].paginator.count == 6
    assert pending.context["page"].paginator.num_pages == 3
    assert listed(accepted) == [("SCT", "1.1")]
    assert accepted.context["page"].paginator.num_pages == 1
