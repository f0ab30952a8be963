"""The open data files are built once per publication and then read from the cache; a
republished campaign, a framework mapping loaded later or an earlier campaign withdrawn gives
new files."""

import csv
import io
import json

import pytest
from django.urls import reverse

from dti.appraisals.models import Decision
from dti.appraisals.services import decide, ensure_round_two
from dti.campaigns.models import Campaign, Phase
from dti.frameworks.models import FrameworkMapping, IndicatorMapping
from dti.results import opendata
from dti.results.services import reopen_campaign
from tests.results.portal_helpers import indicator, results_campaign, tied_cycle, write_result
from tests.results.test_portal_year_over_year import earlier_framework

pytestmark = pytest.mark.django_db

FORMATS = ("csv", "json", "xlsx")


@pytest.fixture
def builds(monkeypatch):
    """The (campaign, tier) of every open data file actually built."""
    calls = []
    build = opendata.tier_data

    def counted(campaign, tier):
        calls.append((campaign.pk, tier))
        return build(campaign, tier)

    monkeypatch.setattr(opendata, "tier_data", counted)
    return calls


def download(client, campaign, fmt: str) -> bytes:
    response = client.get(reverse("portal:opendata", args=[campaign.pk, "department", fmt]))
    assert response.status_code == 200
    return response.content


def csv_rows(content: bytes) -> dict[str, dict]:
    rows = csv.DictReader(io.StringIO(content.decode("utf-8-sig")))
    return {row["agency_code"]: row for row in rows}


def test_a_second_download_is_read_from_the_cache_without_rebuilding(client, builds):
    campaign = tied_cycle().campaign
    first = {fmt: download(client, campaign, fmt) for fmt in FORMATS}
    assert builds == [(campaign.pk, "department")] * 3
    again = {fmt: download(client, campaign, fmt) for fmt in FORMATS}
    assert again == first
    assert len(builds) == 3


def test_a_campaign_republished_after_a_correction_gives_new_files(client, builds):
    cycle = tied_cycle()
    before = json.loads(download(client, cycle.campaign, "json"))
    reason = "Sở Y tế bổ sung biên bản họp do giám đốc chủ trì"
    reopen_campaign(cycle.campaign, reason, cycle.coordinator)
    appraisal = ensure_round_two(cycle.response("SYT", "1.2"), cycle.appraiser_for("1.2"))
    decide(
        appraisal,
        expected_version=appraisal.version,
        decision=Decision.ADJUSTED,
        values={"chaired": "4", "total": "4"},
        reason=reason,
        by=cycle.appraiser_for("1.2"),
    )
    cycle.move(Phase.PUBLISHED)
    after = json.loads(download(client, cycle.campaign, "json"))
    assert len(builds) == 2
    assert after["published_at"] != before["published_at"]
    # SYT: 1.1 20 + 1.2 10 (4 of 4 chaired) + 2.1 10 = 40 / 40, where it had 30 / 40.
    values = [
        {row["agency_code"]: row["dti_value"] for row in document["results"]}
        for document in (before, after)
    ]
    assert values == [{"SCT": "0.7500", "SYT": "0.7500"}, {"SYT": "1.0000", "SCT": "0.7500"}]
    assert [item["reason"] for item in after["corrections"]] == [reason]


@pytest.fixture
def two_years():
    """2025: the tied cycle (SCT 0.7500); 2024: SCT 36 / 60 = 0.6000 on an earlier framework,
    with no mapping yet."""
    cycle = tied_cycle()
    old = earlier_framework()
    earlier = results_campaign([cycle.agencies["SCT"]], year=2024, framework=old)
    write_result(
        earlier,
        cycle.agencies["SCT"],
        rank=1,
        group_points=(15, 21),
        indicators={
            "1.1": indicator("1", 10, 20),
            "1.9": indicator("1", 5, 10),
            "2.1": indicator("2", 6, 10),
            "2.2": indicator("2", 15, 20),
        },
    )
    return cycle, earlier, old


def test_a_framework_mapping_loaded_after_publication_is_in_the_next_download(
    client, builds, two_years
):
    cycle, _earlier, old = two_years
    assert csv_rows(download(client, cycle.campaign, "csv"))["SCT"]["dti_value_change"] == ""
    new = cycle.campaign.frameworks.get()
    mapping = FrameworkMapping.objects.create(source=old, target=new)
    rows = csv_rows(download(client, cycle.campaign, "csv"))
    assert (rows["SCT"]["dti_value_change"], rows["SCT"]["indicator_1.1_change"]) == ("0.1500", "")
    IndicatorMapping.objects.create(
        mapping=mapping,
        source=old.indicators.get(code="1.1"),
        target=new.indicators.get(code="1.1"),
    )
    # 1.1: 100 % of its maximum against 50 %.
    assert (
        csv_rows(download(client, cycle.campaign, "csv"))["SCT"]["indicator_1.1_change"] == "50.0"
    )
    assert len(builds) == 3


def test_an_earlier_campaign_withdrawn_for_a_correction_is_no_longer_compared_with(
    client, builds, two_years
):
    cycle, earlier, old = two_years
    FrameworkMapping.objects.create(source=old, target=cycle.campaign.frameworks.get())
    assert csv_rows(download(client, cycle.campaign, "csv"))["SCT"]["previous_year"] == "2024"
    Campaign.objects.filter(pk=earlier.pk).update(published_at=None)
    assert csv_rows(download(client, cycle.campaign, "csv"))["SCT"]["previous_year"] == ""
    assert len(builds) == 2
