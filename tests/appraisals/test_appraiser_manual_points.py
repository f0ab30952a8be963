"""An indicator with a ``manual`` rule has its points entered directly: the appraiser adjusts
those points (within the indicator's maximum), with a reason, and the totals follow."""

import copy
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages

from dti.agencies.models import Role, Tier
from dti.appraisals.models import Decision
from dti.appraisals.services import set_assignments
from dti.assessments.services import save_response, submit_assessment
from dti.campaigns.models import Phase
from dti.campaigns.services import move_phase
from dti.frameworks.services import load_framework
from tests.appraisals.appraiser_helpers import adjust_post, item_url
from tests.assessments.helpers import FULL_ANSWERS, attach_link, open_deadlines
from tests.factories import make_agency, make_campaign, make_user
from tests.frameworks.helpers import small_document

pytestmark = pytest.mark.django_db

MANUAL_POINTS = {
    "code": "points",
    "type": "decimal",
    "label": {"vi": "Điểm chấm theo mức độ đạt được", "en": "Points for the level achieved"},
    "unit": "điểm",
    "min": 0,
    "max": 20,
}


def manual_framework():
    """The small test framework, with 2.2 (max 20) scored by a ``manual`` rule."""
    document = copy.deepcopy(small_document())
    document["code"] = "TEST-MANUAL"
    indicator = document["groups"][1]["indicators"][1]
    indicator.update(
        inputs=[MANUAL_POINTS],
        rule={"type": "manual"},
        examples=[{"inputs": {"points": 12.5}, "points": 12.5}],
    )
    indicator.pop("measurement", None)
    return load_framework(document)


@pytest.fixture
def setup(client, settings):
    """SCT gives itself 18 points on 2.2 and submits; SNV appraises 2.2; round 1 is open."""
    coordinator = make_user(Role.COORDINATOR)
    snv = make_agency("SNV", Tier.DEPARTMENT, is_appraising_unit=True, is_assessed=False)
    sct = make_agency("SCT", Tier.DEPARTMENT, name="Sở Công Thương", flags=["digital_economy"])
    framework = manual_framework()
    campaign = make_campaign([sct], framework, by=coordinator, deadlines=open_deadlines())
    staff = make_user(Role.AGENCY_STAFF, sct)
    assessment = campaign.assessments.get()
    answers = {**FULL_ANSWERS, "2.2": {"points": "18"}}
    for response in assessment.responses.select_related("indicator"):
        save_response(
            response,
            values=answers[response.indicator.code],
            not_applicable=False,
            note="",
            by=staff,
        )
        attach_link(response, staff)
    submit_assessment(assessment, make_user(Role.AGENCY_LEADER, sct))
    set_assignments(
        framework, {(indicator.pk, snv.pk) for indicator in framework.indicators.all()}, coordinator
    )
    move_phase(campaign, Phase.APPRAISAL_1, coordinator)
    appraiser = make_user(Role.APPRAISER, snv)
    client.force_login(appraiser)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    appraisal = assessment.appraisals.get(response__indicator__code="2.2")
    return assessment, appraisal


def test_the_appraiser_adjusts_the_points_of_a_manual_indicator(client, setup):
    assessment, appraisal = setup
    response = client.post(
        item_url(appraisal),
        adjust_post(appraisal, {"points": "12.5"}, "Chỉ đạt mức một phần của nhiệm vụ"),
    )
    assert response.status_code == 302
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "Saved: Adjusted, 12.5 points."
    ]
    appraisal.refresh_from_db()
    assert (appraisal.decision, appraisal.values, appraisal.points) == (
        Decision.ADJUSTED,
        {"points": "12.5"},
        Decimal("12.5"),
    )
    page = client.get(item_url(appraisal))
    assert "Points entered directly: 12.5." in page.context["detail"].appraised_trace
    assessment.refresh_from_db()
    # Self-assessed 20 + 7.5 + 10 + 18 = 55.5; the appraisal takes 5.5 off 2.2.
    assert (assessment.self_points, assessment.appraised_points) == (
        Decimal("55.5"),
        Decimal("50"),
    )


def test_points_above_the_indicators_maximum_are_refused(client, setup):
    _assessment, appraisal = setup
    response = client.post(
        item_url(appraisal), adjust_post(appraisal, {"points": "25"}, "Thưởng thêm")
    )
    assert response.status_code == 200
    assert response.context["values_form"].errors["points"]
    appraisal.refresh_from_db()
    assert (appraisal.decision, appraisal.version) == (Decision.PENDING, 0)
