"""An agency that never submitted its self-assessment does not block the campaign: an indicator
it did not answer by the deadline scores 0, and accepting it (one by one or in bulk) confirms
that; the phase move says how many undecided items are such agencies'."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from dti.agencies.models import Role, Tier
from dti.appraisals.models import Appraisal, Decision
from dti.appraisals.services import AppraisalInvalid, decide, set_assignments
from dti.assessments.services import save_response, submit_assessment
from dti.campaigns.models import Phase
from dti.campaigns.services import CampaignError, move_phase
from tests.appraisals.appraiser_helpers import accept_post, item_url, queue_url
from tests.appraisals.cycle import ASSIGNMENT_PLAN, Cycle
from tests.assessments.helpers import (
    FULL_ANSWERS,
    attach_link,
    close_self_assessment,
    open_deadlines,
)
from tests.factories import make_agency, make_campaign, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def cycle() -> Cycle:
    """SCT answers everything and submits; SYT (3 indicators: 2.2 does not apply) answers only
    1.1 and never submits; the campaign is then in appraisal round 1."""
    coordinator = make_user(Role.COORDINATOR)
    departments = {
        code: make_agency(code, Tier.DEPARTMENT, is_appraising_unit=True, is_assessed=False)
        for code in ("SKHCN", "VPUB")
    }
    agencies = {
        "SCT": make_agency("SCT", Tier.DEPARTMENT, flags=["digital_economy"]),
        "SYT": make_agency("SYT", Tier.DEPARTMENT),
    }
    campaign = make_campaign(agencies.values(), by=coordinator, deadlines=open_deadlines())
    cycle = Cycle(
        campaign=campaign,
        coordinator=coordinator,
        departments=departments,
        appraisers={
            code: make_user(Role.APPRAISER, agency) for code, agency in departments.items()
        },
        agencies=agencies,
        staff={code: make_user(Role.AGENCY_STAFF, agency) for code, agency in agencies.items()},
        leaders={code: make_user(Role.AGENCY_LEADER, agency) for code, agency in agencies.items()},
        working_group=make_user(Role.WORKING_GROUP),
    )
    for code, answered in (("SCT", ("1.1", "1.2", "2.1", "2.2")), ("SYT", ("1.1",))):
        for response in cycle.assessment(code).responses.select_related("indicator"):
            if response.indicator.code in answered:
                save_response(
                    response,
                    values=FULL_ANSWERS[response.indicator.code],
                    not_applicable=False,
                    note="",
                    by=cycle.staff[code],
                )
                attach_link(response, cycle.staff[code])
    submit_assessment(cycle.assessment("SCT"), cycle.leaders["SCT"])
    framework = campaign.frameworks.get()
    indicators = {item.code: item.pk for item in framework.indicators.all()}
    set_assignments(
        framework,
        {(indicators[code], departments[unit].pk) for code, unit in ASSIGNMENT_PLAN.items()},
        coordinator,
    )
    close_self_assessment(campaign)
    cycle.move(Phase.APPRAISAL_1)
    return cycle


def test_accepting_an_unanswered_indicator_confirms_zero_points(client, cycle):
    appraisal = cycle.appraisal("SYT", "1.2")
    client.force_login(cycle.appraisers["SKHCN"])
    opened = client.get(item_url(appraisal))
    assert "Not answered by the agency: accepting confirms 0 points." in (
        opened.context["detail"].appraised_trace
    )
    assert "The agency did not answer this indicator" in opened.content.decode()

    response = client.post(item_url(appraisal), accept_post(appraisal))
    assert response.status_code == 302
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "Saved: Accepted, 0 points."
    ]
    appraisal.refresh_from_db()
    assert (appraisal.decision, appraisal.status, appraisal.points) == (
        Decision.ACCEPTED,
        "unanswered",
        Decimal("0"),
    )
    trace = client.get(item_url(appraisal)).context["detail"].appraised_trace
    assert "Not answered by the agency: the appraisal confirmed 0 points." in trace


def test_an_adjustment_still_needs_every_value(cycle):
    appraisal = cycle.appraisal("SYT", "1.2")
    with pytest.raises(AppraisalInvalid) as refused:
        decide(
            appraisal,
            expected_version=0,
            decision=Decision.ADJUSTED,
            values={"chaired": "1"},
            reason="Chỉ có số cuộc chủ trì",
            by=cycle.appraisers["SKHCN"],
        )
    assert refused.value.errors == {"total": ["Enter a value."]}


def test_bulk_accept_includes_the_unanswered_indicators_and_round_one_can_end(client, cycle):
    for code, expected in (("SKHCN", "4 item(s) accepted."), ("VPUB", "3 item(s) accepted.")):
        client.force_login(cycle.appraisers[code])
        page = client.get(queue_url(cycle.campaign))
        response = client.post(
            reverse("appraisals:bulk_accept", kwargs={"campaign_id": cycle.campaign.pk}),
            {"page_items": page.context["pending_on_page"], "scope": "page"},
        )
        assert [str(item) for item in get_messages(response.wsgi_request)] == [expected]
    assert not Appraisal.objects.filter(decision=Decision.PENDING).exists()
    syt = cycle.assessment("SYT")
    # 1.1 answered (4 meetings) = 20; 1.2 and 2.1 unanswered = 0; of 40.
    assert (syt.appraised_points, syt.appraised_max_points, syt.pending_count) == (20, 40, 0)
    assert syt.appraised_dti_value == Decimal("0.5")
    cycle.move(Phase.RESULTS_SENT)
    cycle.campaign.refresh_from_db()
    assert cycle.campaign.phase == Phase.RESULTS_SENT


def test_the_phase_move_says_how_many_undecided_items_are_of_agencies_that_never_submitted(
    cycle,
):
    pending = Appraisal.objects.filter(assessment__agency__code="SCT").select_related(
        "response__indicator"
    )
    for item in pending:
        decide(
            item,
            expected_version=0,
            decision=Decision.ACCEPTED,
            by=cycle.appraiser_for(item.response.indicator.code),
        )
    decide(
        cycle.appraisal("SYT", "1.1"),
        expected_version=0,
        decision=Decision.ACCEPTED,
        by=cycle.appraisers["SKHCN"],
    )
    with pytest.raises(CampaignError) as refused:
        move_phase(cycle.campaign, Phase.RESULTS_SENT, cycle.coordinator)
    assert refused.value.problems == [
        "2 appraisal(s) of round 1 are not decided yet. 2 of them belong to agencies that "
        "never submitted their self-assessment: accepting an indicator they did not answer "
        "confirms its 0 points."
    ]
