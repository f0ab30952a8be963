"""Agencies see nothing of their appraisal before the round-1 results are sent."""

import pytest
from django.urls import reverse

from dti.appraisals.models import Explanation
from dti.assessments.models import Evidence
from dti.campaigns.models import Phase
from tests.appraisals.explanation_helpers import (
    SCT_REASON,
    adjusted_cycle,
    every_url,
    explanation_link,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle():
    """Still in appraisal round 1, with SCT's 1.1 already adjusted."""
    return adjusted_cycle(Phase.APPRAISAL_1)


@pytest.mark.parametrize("who", ["staff", "leaders"])
def test_every_results_url_is_not_found_during_appraisal_round_one(client, cycle, who):
    evidence = explanation_link(cycle, "SCT", "1.1")
    client.force_login(getattr(cycle, who)["SCT"])
    for url in every_url(cycle.assessment("SCT").pk, "1.1", evidence.pk):
        for method in (client.get, client.post):
            result = method(url)
            assert result.status_code in (404, 405), url
            assert SCT_REASON.encode() not in result.content


def test_posting_during_round_one_stores_nothing(client, cycle):
    evidence = explanation_link(cycle, "SCT", "1.1")
    client.force_login(cycle.staff["SCT"])
    urls = every_url(cycle.assessment("SCT").pk, "1.1", evidence.pk)
    for url in urls:
        client.post(url, {"text": "Giải trình sớm", "url": "https://example.gov.vn/x"})
    assert not Explanation.objects.exists()
    assert list(Evidence.objects.filter(stage="explanation")) == [evidence]
    assert cycle.assessment("SCT").explanation_submitted_at is None


def test_the_overview_links_to_the_results_only_once_they_are_sent(client, cycle):
    client.force_login(cycle.staff["SCT"])
    assessment = cycle.assessment("SCT")
    overview = reverse("assessments:overview", args=[assessment.pk])
    results = reverse("appraisals:agency_results", args=[assessment.pk])
    assert results not in client.get(overview).content.decode()
    cycle.accept_all(1)
    cycle.move(Phase.RESULTS_SENT)
    assert results in client.get(overview).content.decode()
    assert client.get(results).status_code == 200


def test_the_results_are_visible_in_the_results_sent_phase_and_after(client, cycle):
    cycle.accept_all(1)
    cycle.close_explanations()
    client.force_login(cycle.staff["SCT"])
    url = reverse("appraisals:agency_results", args=[cycle.assessment("SCT").pk])
    for phase in (Phase.RESULTS_SENT, Phase.EXPLANATION, Phase.APPRAISAL_2):
        cycle.move(phase)
        assert client.get(url).status_code == 200, phase
