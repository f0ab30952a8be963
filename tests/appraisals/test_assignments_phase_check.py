"""Appraisal round 1 does not open while an indicator of the campaign's framework has no
appraising department, and the refusal names the indicator."""

import pytest
from django.utils import translation

from dti.agencies.models import Role
from dti.appraisals.models import Appraisal
from dti.appraisals.services import set_assignments
from dti.campaigns.models import Phase
from dti.campaigns.services import CampaignError, move_phase
from tests.assessments.helpers import close_self_assessment, open_deadlines
from tests.factories import make_agency, make_campaign, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def campaign():
    return make_campaign(
        [make_agency("SYT", name="Sở Y tế")],
        deadlines=open_deadlines(),
        phase=Phase.SELF_ASSESSMENT,
    )


@pytest.fixture
def coordinator():
    return make_user(Role.COORDINATOR)


def assign(campaign, coordinator, codes):
    framework = campaign.frameworks.get()
    department = make_agency("SKHCN-T", name="Sở KH&CN", is_appraising_unit=True)
    pairs = {
        (indicator.pk, department.pk)
        for indicator in framework.indicators.all()
        if indicator.code in codes
    }
    set_assignments(framework, pairs, coordinator)


def test_round_one_is_refused_and_names_the_indicators_without_a_department(campaign, coordinator):
    assign(campaign, coordinator, {"1.1", "2.1", "2.2"})
    with pytest.raises(CampaignError) as refused:
        move_phase(campaign, Phase.APPRAISAL_1, coordinator)
    assert refused.value.problems == ["Test framework: no appraising department for 1.2."]
    campaign.refresh_from_db()
    assert campaign.phase == Phase.SELF_ASSESSMENT
    assert not Appraisal.objects.exists()


def test_round_one_opens_once_every_indicator_has_a_department(campaign, coordinator):
    assign(campaign, coordinator, {"1.1", "1.2", "2.1", "2.2"})
    close_self_assessment(campaign)
    move_phase(campaign, Phase.APPRAISAL_1, coordinator)
    campaign.refresh_from_db()
    assert campaign.phase == Phase.APPRAISAL_1
