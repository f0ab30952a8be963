"""A campaign reopened after finalisation shows the correction — its date and reason — on the
ranking and agency pages and in the open data files (JSON metadata, the XLSX "about" sheet, a
column of every CSV row)."""

import csv
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dti.campaigns.models import Phase
from dti.results.services import reopen_campaign
from tests.results.portal_helpers import tied_cycle

pytestmark = pytest.mark.django_db

REASON = "Sửa điểm chỉ số 1.2 của Sở Y tế theo ý kiến Hội đồng"


def test_a_correction_is_shown_with_its_reason_on_both_pages(client):
    cycle = tied_cycle()
    reopen_campaign(cycle.campaign, REASON, cycle.coordinator)
    cycle.move(Phase.PUBLISHED)
    campaign = cycle.campaign.pk
    for url in (
        reverse("portal:ranking", args=[campaign, "department"]),
        reverse("portal:agency", args=[campaign, "SYT"]),
    ):
        response = client.get(url)
        assert [item.reason for item in response.context["reopenings"]] == [REASON]
        assert REASON in response.content.decode()


def download(client, campaign, fmt: str) -> bytes:
    response = client.get(reverse("portal:opendata", args=[campaign.pk, "department", fmt]))
    assert response.status_code == 200
    return response.content


def test_every_open_data_file_marks_the_correction(client):
    cycle = tied_cycle()
    reopening = reopen_campaign(cycle.campaign, REASON, cycle.coordinator)
    cycle.move(Phase.PUBLISHED)
    when = reopening.reopened_at.isoformat()
    document = json.loads(download(client, cycle.campaign, "json"))
    assert document["corrections"] == [{"reopened_at": when, "reason": REASON}]
    assert {row["last_reopened_at"] for row in document["results"]} == {when}
    rows = list(
        csv.DictReader(io.StringIO(download(client, cycle.campaign, "csv").decode("utf-8-sig")))
    )
    assert [row["last_reopened_at"] for row in rows] == [when, when]
    about = load_workbook(io.BytesIO(download(client, cycle.campaign, "xlsx")))["about"]
    assert ("correction", when, REASON) in list(about.iter_rows(values_only=True))


def test_open_data_of_results_never_corrected_has_no_correction(client):
    cycle = tied_cycle()
    document = json.loads(download(client, cycle.campaign, "json"))
    assert document["corrections"] == []
    assert {row["last_reopened_at"] for row in document["results"]} == {None}
    rows = list(
        csv.DictReader(io.StringIO(download(client, cycle.campaign, "csv").decode("utf-8-sig")))
    )
    assert [row["last_reopened_at"] for row in rows] == ["", ""]
    about = load_workbook(io.BytesIO(download(client, cycle.campaign, "xlsx")))["about"]
    assert "correction" not in [row[0] for row in about.iter_rows(values_only=True)]


def test_results_published_without_correction_show_no_correction(client):
    cycle = tied_cycle()
    response = client.get(reverse("portal:ranking", args=[cycle.campaign.pk, "department"]))
    assert list(response.context["reopenings"]) == []
    assert 'class="notice portal-corrections"' not in response.content.decode()


def test_reopening_a_published_campaign_withdraws_its_results_until_republished(client):
    """The public never sees corrected figures before the coordinator publishes them."""
    from django.urls import reverse

    from dti.campaigns.models import Phase
    from dti.results.services import reopen_campaign
    from tests.appraisals.cycle import build_cycle

    cycle = build_cycle()
    cycle.accept_all(1)
    cycle.move(Phase.APPRAISAL_2)
    cycle.accept_all(2)
    cycle.move(Phase.PUBLISHED)
    ranking = reverse("portal:ranking", args=[cycle.campaign.pk, "department"])
    assert client.get(ranking).status_code == 200
    reopen_campaign(cycle.campaign, "Sai số liệu chỉ số 1.1 của Sở Y tế", cycle.coordinator)
    assert client.get(ranking).status_code == 404
    index = client.get(reverse("portal:index"))
    assert "Sai số liệu chỉ số 1.1 của Sở Y tế" in index.content.decode()
    cycle.move(Phase.PUBLISHED)
    assert client.get(ranking).status_code == 200
