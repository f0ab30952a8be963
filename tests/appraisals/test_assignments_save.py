"""The coordinator ticks the grid and saves it: the assignments become exactly the ticked cells,
and the change is audited."""

import pytest
from django.urls import reverse

from dti.appraisals.assignment_selectors import assigned_pairs, pairs_fingerprint
from dti.audit.models import AuditEvent
from tests.appraisals.assignments_helpers import build_setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(client):
    setup = build_setup()
    client.force_login(setup.coordinator)
    return setup


def post_grid(client, setup, plan, fingerprint=None):
    cells = [f"{indicator}:{department}" for indicator, department in setup.pairs(plan)]
    if fingerprint is None:
        fingerprint = pairs_fingerprint(assigned_pairs(setup.framework))
    return client.post(
        reverse("appraisals:assignments", args=[setup.framework.pk]),
        {"assigned": cells, "fingerprint": fingerprint},
    )


def test_saving_replaces_the_assignments_by_the_ticked_cells(client, setup):
    setup.assign({"1.1": ["SKHCN"], "1.2": ["VPUB"]})
    response = post_grid(client, setup, {"1.1": ["SKHCN", "VPUB"], "2.1": ["VPUB"]})
    assert response.status_code == 302
    assert response["Location"] == reverse("appraisals:assignments", args=[setup.framework.pk])
    assert setup.saved_plan() == {"1.1": ["SKHCN", "VPUB"], "2.1": ["VPUB"]}


def test_the_change_is_recorded_as_an_audit_event(client, setup):
    setup.assign({"1.2": ["VPUB"]})
    post_grid(client, setup, {"1.1": ["SKHCN"]})
    event = AuditEvent.objects.filter(action="assignment.update").latest("pk")
    assert event.actor == setup.coordinator
    assert event.before == ["1.2→VPUB"]
    assert event.after == ["1.1→SKHCN"]


def test_after_saving_the_page_lists_indicators_still_without_a_department(client, setup):
    response = post_grid(client, setup, {"1.1": ["SKHCN"], "2.1": ["VPUB"]})
    page = client.get(response["Location"])
    assert [item.code for item in page.context["grid"].without_department] == ["1.2", "2.2"]
    assert [message.level_tag for message in page.context["messages"]] == ["success"]


def test_a_save_made_after_someone_elses_change_is_refused_and_keeps_the_ticks(client, setup):
    drawn_from = pairs_fingerprint(assigned_pairs(setup.framework))
    setup.assign({"2.2": ["VPUB"]})  # another coordinator saves meanwhile
    response = post_grid(client, setup, {"1.1": ["SKHCN"]}, fingerprint=drawn_from)
    assert response.status_code == 200
    assert setup.saved_plan() == {"2.2": ["VPUB"]}
    grid = response.context["grid"]
    ticked = {
        (row.indicator.code, cell.department.code)
        for row in grid.rows
        for cell in row.cells
        if cell.assigned
    }
    assert ticked == {("1.1", "SKHCN")}
    assert grid.changed_count == 2  # 1.1 ticked by this user, 2.2 unticked
    assert grid.fingerprint == pairs_fingerprint(assigned_pairs(setup.framework))


def test_a_department_that_is_not_an_appraising_unit_cannot_be_assigned(client, setup):
    setup.assign({"1.1": ["SKHCN"]})
    response = post_grid(client, setup, {"1.1": ["SYT"]})
    assert response.status_code == 200
    assert [message.level_tag for message in response.context["messages"]] == ["error"]
    assert setup.saved_plan() == {"1.1": ["SKHCN"]}


def test_a_malformed_cell_is_a_bad_request(client, setup):
    response = client.post(
        reverse("appraisals:assignments", args=[setup.framework.pk]),
        {"assigned": ["1.1:SKHCN"], "fingerprint": pairs_fingerprint(set())},
    )
    assert response.status_code == 400
    assert setup.saved_plan() == {}
