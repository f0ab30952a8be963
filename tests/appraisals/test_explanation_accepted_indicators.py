"""Only indicators adjusted in round 1 can be explained: accepted ones have no explanation page
and take no supplementary evidence."""

import pytest
from django.urls import reverse

from dti.appraisals.models import Explanation
from dti.assessments.models import Evidence, EvidenceStage
from dti.campaigns.models import Phase
from tests.appraisals.explanation_helpers import adjusted_cycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle():
    return adjusted_cycle(Phase.EXPLANATION)


@pytest.mark.parametrize("code", ["1.2", "2.1", "2.2"])
def test_an_accepted_indicator_has_no_explanation_page(client, cycle, code):
    client.force_login(cycle.staff["SCT"])
    url = reverse("appraisals:explain", args=[cycle.assessment("SCT").pk, code])
    assert client.get(url).status_code == 404
    assert client.post(url, {"text": "Giải trình"}).status_code == 404
    assert not Explanation.objects.exists()


def test_an_accepted_indicator_takes_no_supplementary_evidence(client, cycle):
    client.force_login(cycle.staff["SCT"])
    url = reverse("appraisals:explain_evidence", args=[cycle.assessment("SCT").pk, "1.2"])
    assert client.post(url, {"url": "https://example.gov.vn/bb"}).status_code == 404
    assert not Evidence.objects.filter(stage=EvidenceStage.EXPLANATION).exists()


def test_an_indicator_outside_the_assessment_is_not_found(client, cycle):
    # 2.2 applies only to digital-economy agencies: SYT has no response for it.
    client.force_login(cycle.staff["SYT"])
    url = reverse("appraisals:explain", args=[cycle.assessment("SYT").pk, "2.2"])
    assert client.get(url).status_code == 404


def test_another_agencys_adjustment_does_not_open_the_same_code_here(client, cycle):
    # SYT's 1.2 is adjusted, SCT's 1.2 is accepted.
    client.force_login(cycle.staff["SCT"])
    url = reverse("appraisals:explain", args=[cycle.assessment("SCT").pk, "1.2"])
    assert client.get(url).status_code == 404
    client.force_login(cycle.staff["SYT"])
    url = reverse("appraisals:explain", args=[cycle.assessment("SYT").pk, "1.2"])
    assert client.get(url).status_code == 200
