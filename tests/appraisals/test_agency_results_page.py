"""Once round 1 is sent, the agency sees self against appraised points per indicator, the
decisions, the reasons and the appraised values next to its own."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from dti.campaigns.models import Phase
from tests.appraisals.explanation_helpers import SCT_REASON, SYT_REASON, adjusted_cycle

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def cycle():
    return adjusted_cycle(Phase.RESULTS_SENT)


def results_of(client, cycle, agency):
    client.force_login(cycle.staff[agency])
    page = client.get(reverse("appraisals:agency_results", args=[cycle.assessment(agency).pk]))
    assert page.status_code == 200
    return page


def lines_by_code(results):
    return {line.indicator.code: line for line in results.lines}


def test_each_indicator_shows_self_and_appraised_points_and_the_decision(client, cycle):
    results = results_of(client, cycle, "SCT").context["results"]
    lines = lines_by_code(results)
    assert [
        (
            code,
            line.self_score.points,
            line.round_one.points,
            line.appraised.points,
            line.round_one.decision,
        )
        for code, line in lines.items()
    ] == [
        ("1.1", Decimal("20"), Decimal("10"), Decimal("10"), "adjusted"),
        ("1.2", Decimal("7.5"), Decimal("7.5"), Decimal("7.5"), "accepted"),
        ("2.1", Decimal("10"), Decimal("10"), Decimal("10"), "accepted"),
        ("2.2", Decimal("10"), Decimal("10"), Decimal("10"), "accepted"),
    ]


def test_the_page_shows_the_reason_and_the_appraised_values_next_to_the_self_values(client, cycle):
    page = results_of(client, cycle, "SCT")
    line = lines_by_code(page.context["results"])["1.1"]
    assert [(row.label, row.self_value, row.round_one, row.changed) for row in line.values] == [
        ("Số cuộc họp", "4 cuộc", "2 cuộc", True),  # the page is in Vietnamese
    ]
    assert SCT_REASON in page.content.decode()


def test_accepted_indicators_carry_no_value_comparison_and_no_explain_link(client, cycle):
    page = results_of(client, cycle, "SCT")
    lines = lines_by_code(page.context["results"])
    assert [code for code, line in lines.items() if line.adjusted] == ["1.1"]
    assert lines["1.2"].values == []
    assessment = cycle.assessment("SCT")
    content = page.content.decode()
    assert reverse("appraisals:explain", args=[assessment.pk, "1.1"]) in content
    assert reverse("appraisals:explain", args=[assessment.pk, "1.2"]) not in content


def test_totals_and_dti_value_self_against_appraised(client, cycle):
    results = results_of(client, cycle, "SCT").context["results"]
    # Self: 20 + 7.5 + 10 + 10 = 47.5 / 60; appraised: 1.1 drops to 10 → 37.5 / 60.
    assert (results.self_score.points, results.self_score.max_points) == (Decimal("47.5"), 60)
    assert (results.appraised.points, results.appraised.max_points) == (Decimal("37.5"), 60)
    assert (results.self_score.dti_value, results.appraised.dti_value) == (
        Decimal("0.7917"),
        Decimal("0.625"),
    )
    group = results.groups[0]
    assert (group.self_points, group.appraised_points) == (Decimal("27.5"), Decimal("17.5"))


def test_each_agency_sees_its_own_adjustment(client, cycle):
    page = results_of(client, cycle, "SYT")
    line = lines_by_code(page.context["results"])["1.2"]
    assert (line.self_score.points, line.appraised.points) == (Decimal("7.5"), Decimal("2.5"))
    assert [(row.self_value, row.round_one) for row in line.values] == [("3", "1"), ("4", "4")]
    assert SYT_REASON in page.content.decode()
    assert SCT_REASON not in page.content.decode()


def test_the_explanation_deadline_and_days_left_are_shown(client, cycle):
    results = results_of(client, cycle, "SCT").context["results"]
    deadline = cycle.campaign.deadline_of(Phase.EXPLANATION)
    assert results.window.open
    assert results.window.closes_at == deadline
    assert results.days_left == 13  # open_deadlines: self-assessment in 10 days, explanation +3
    assert results.explanation_state == "not_filed"


def test_staff_see_a_disabled_sign_off_button_and_the_leader_a_link(client, cycle):
    assessment = cycle.assessment("SCT")
    sign_off = reverse("appraisals:submit_explanations", args=[assessment.pk])
    staff_page = results_of(client, cycle, "SCT")
    assert staff_page.context["can_submit"] is False
    assert sign_off not in staff_page.content.decode()
    assert "disabled" in staff_page.content.decode()
    client.force_login(cycle.leaders["SCT"])
    leader_page = client.get(reverse("appraisals:agency_results", args=[assessment.pk]))
    assert leader_page.context["can_submit"] is True
    assert sign_off in leader_page.content.decode()
