"""The ranking and agency pages read the same number of queries whatever the number of agencies
(with earlier results to compare with), and an agency page reads the per-indicator figures of
its own result only: the database averages the tier's groups."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dti.agencies.models import Tier
from dti.frameworks.models import FrameworkMapping
from dti.results.models import Result
from tests.factories import make_agency
from tests.results.portal_helpers import results_campaign, small_framework, write_result

pytestmark = pytest.mark.django_db


def tier_with(count: int, prefix: str):
    framework = small_framework(f"TEST-{prefix}", tier="commune")
    agencies = [
        make_agency(f"{prefix}{number}", Tier.COMMUNE, name=f"Phường {prefix} {number}")
        for number in range(count)
    ]
    earlier = results_campaign(agencies, year=2024, framework=framework)
    current = results_campaign(agencies, framework=framework)
    for rank, agency in enumerate(agencies, start=1):
        write_result(earlier, agency, rank=rank, group_points=(20, 20))
        write_result(current, agency, rank=rank, group_points=(30 - rank % 10, 20))
    FrameworkMapping.objects.create(source=framework, target=framework)
    return current


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_twelve_agencies_take_as_many_queries_as_two(client):
    small = tier_with(2, "A")
    large = tier_with(12, "B")
    small_url = reverse("portal:ranking", args=[small.pk, "commune"])
    large_url = reverse("portal:ranking", args=[large.pk, "commune"])
    assert len(client.get(large_url).context["rows"]) == 12
    cache.clear()  # built on the first visit of a publication (dti.results.publication_cache)
    built = (queries(client, small_url), queries(client, large_url))
    kept = (queries(client, small_url), queries(client, large_url))
    assert built[0] == built[1]
    assert kept[0] == kept[1] < built[0]


def test_agency_pages_take_as_many_queries_in_a_large_tier_as_in_a_small_one(client):
    small = tier_with(2, "A")
    large = tier_with(12, "B")
    small_url = reverse("portal:agency", args=[small.pk, "A0"])
    large_url = reverse("portal:agency", args=[large.pk, "B0"])
    assert queries(client, small_url) == queries(client, large_url)


def test_an_agency_page_reads_no_other_agencys_indicator_figures(client, monkeypatch):
    campaign = tier_with(12, "B")
    own, previous = Result.objects.filter(assessment__agency__code="B0").values_list(
        "assessment_id", flat=True
    )
    with_indicators = []
    from_db = Result.from_db.__func__

    def recording(cls, db, field_names, values):
        instance = from_db(cls, db, field_names, values)
        if "indicators" in field_names:
            with_indicators.append(instance.assessment_id)
        return instance

    monkeypatch.setattr(Result, "from_db", classmethod(recording))
    response = client.get(reverse("portal:agency", args=[campaign.pk, "B0"]))
    assert response.status_code == 200
    assert response.context["page"].tier_size == 12
    # This year's result and last year's (for the change of each indicator), nothing else.
    assert sorted(with_indicators) == sorted([own, previous])
