"""The results page reads the same few queries whatever the number of indicators, adjustments
and explanations."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dti.appraisals.services import save_explanation
from dti.campaigns.models import Phase
from tests.appraisals.explanation_helpers import adjust, adjusted_cycle

pytestmark = pytest.mark.django_db


def queries_for(client, user, url):
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_more_indicators_adjusted_and_explained_take_no_more_queries(client):
    cycle = adjusted_cycle(Phase.APPRAISAL_1)
    adjust(cycle, "SCT", "2.1", {"plan": "no", "drills": "1", "incidents": "0"}, "Thiếu phương án")
    cycle.accept_all(1)
    cycle.move(Phase.EXPLANATION)
    for code in ("1.1", "2.1"):
        save_explanation(cycle.response("SCT", code), "Bổ sung", cycle.staff["SCT"])
    sct = reverse("appraisals:agency_results", args=[cycle.assessment("SCT").pk])
    syt = reverse("appraisals:agency_results", args=[cycle.assessment("SYT").pk])
    # SCT: 4 indicators, 2 adjusted and explained; SYT: 3 indicators, 1 adjusted, none explained.
    assert queries_for(client, cycle.staff["SCT"], sct) == queries_for(
        client, cycle.staff["SYT"], syt
    )
    assert queries_for(client, cycle.staff["SCT"], sct) <= 10
