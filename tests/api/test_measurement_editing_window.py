"""Outside the self-assessment window the measurement is refused with 409 and the reason."""

from dti.assessments.models import AssessmentStatus
from dti.campaigns.models import Campaign, Phase

from .helpers import MEASUREMENT, build_setup, put


def test_after_the_deadline(db, client):
    setup = build_setup(deadline_days=-1)

    answer = put(client, setup.url(), MEASUREMENT, setup.token)

    assert answer.status_code == 409
    assert "deadline has passed" in answer.json()["detail"]
    assert setup.response("SCT", "2.2").values == {}


def test_after_the_agency_submitted(setup, client):
    setup.campaign.assessments.filter(agency__code="SCT").update(status=AssessmentStatus.SUBMITTED)

    answer = put(client, setup.url(), MEASUREMENT, setup.token)

    assert answer.status_code == 409
    assert "submitted" in answer.json()["detail"]


def test_outside_the_self_assessment_phase(setup, client):
    Campaign.objects.filter(pk=setup.campaign.pk).update(phase=Phase.APPRAISAL_1)

    answer = put(client, setup.url(), MEASUREMENT, setup.token)

    assert answer.status_code == 409
    assert "not in the phase" in answer.json()["detail"]
