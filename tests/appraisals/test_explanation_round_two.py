"""What the explanations lead to: round 2 for the explained indicator, the round-1 result for
an agency that filed nothing, and the round-2 figures on the agency's results page."""

from decimal import Decimal

import pytest
from django.urls import reverse

from dti.appraisals.models import Appraisal, Decision
from dti.assessments.models import AssessmentStatus
from dti.campaigns.models import Phase
from tests.appraisals.explanation_helpers import adjust, adjusted_cycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(client):
    """SCT explains 1.1 through the pages and its leader signs off; SYT files nothing."""
    cycle = adjusted_cycle(Phase.EXPLANATION)
    assessment = cycle.assessment("SCT")
    client.force_login(cycle.staff["SCT"])
    client.post(
        reverse("appraisals:explain", args=[assessment.pk, "1.1"]),
        {"text": "Bổ sung biên bản cuộc họp tháng 10"},
    )
    client.post(
        reverse("appraisals:explain_evidence", args=[assessment.pk, "1.1"]),
        {"url": "https://example.gov.vn/bb"},
    )
    client.force_login(cycle.leaders["SCT"])
    client.post(reverse("appraisals:submit_explanations", args=[assessment.pk]))
    cycle.close_explanations()
    cycle.move(Phase.APPRAISAL_2)
    return cycle


def results_of(client, cycle, agency):
    client.force_login(cycle.staff[agency])
    page = client.get(reverse("appraisals:agency_results", args=[cycle.assessment(agency).pk]))
    return {line.indicator.code: line for line in page.context["results"].lines}, page


def test_the_explained_indicator_has_a_round_two_appraisal(cycle):
    round_two = Appraisal.objects.filter(assessment__campaign=cycle.campaign, round=2)
    assert [
        (item.assessment.agency.code, item.response.indicator.code, item.decision)
        for item in round_two
    ] == [("SCT", "1.1", Decision.PENDING)]
    assert cycle.assessment("SCT").status == AssessmentStatus.EXPLAINED


def test_an_agency_that_filed_nothing_keeps_its_round_one_result(client, cycle):
    assert cycle.assessment("SYT").status == AssessmentStatus.NO_EXPLANATION
    lines, page = results_of(client, cycle, "SYT")
    assert lines["1.2"].round_two is None
    assert lines["1.2"].appraised.points == Decimal("2.5")
    assert page.context["results"].explanation_state == "not_filed"


def test_a_pending_round_two_leaves_the_round_one_figure(client, cycle):
    lines, _page = results_of(client, cycle, "SCT")
    assert lines["1.1"].round_two_decided is False
    assert lines["1.1"].appraised.points == Decimal("10")


def test_a_decided_round_two_becomes_the_appraised_figure(client, cycle):
    adjust(cycle, "SCT", "1.1", {"meetings": "3"}, "Chấp nhận một phần giải trình", 2)
    lines, page = results_of(client, cycle, "SCT")
    line = lines["1.1"]
    assert (line.round_one.points, line.round_two.points, line.appraised.points) == (
        Decimal("10"),
        Decimal("15"),
        Decimal("15"),
    )
    assert [(row.self_value, row.round_one, row.round_two) for row in line.values] == [
        ("4 cuộc", "2 cuộc", "3 cuộc")
    ]
    assert page.context["results"].appraised.points == Decimal("42.5")
    assert "Chấp nhận một phần giải trình" in page.content.decode()
