"""The award proposals exported, read back."""

import csv
import io

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from tests.results.outcome_helpers import coordinator, published_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(client):
    campaign = published_campaign()
    client.force_login(coordinator())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        reverse("results:awards", args=[campaign.pk]),
        {"top_n": "3", "min_dti_value": "0.6", "no_zero_indicator": "on"},
    )
    assert response.status_code == 302
    return campaign


def test_the_workbook_has_the_proposals_with_justifications_and_the_excluded(client, campaign):
    response = client.get(reverse("results:awards_export", args=[campaign.pk, "xlsx"]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    proposals, excluded = workbook.worksheets
    rows = list(proposals.iter_rows(values_only=True))
    assert campaign.title in rows[0][0]
    assert "DTI value at least 0.6000" in rows[1][0]
    assert rows[3] == ("Tier", "Rank", "Agency code", "Agency", "DTI value", "Justification")
    assert [(row[2], row[1], row[4]) for row in rows[4:]] == [
        ("A1", 1, 0.95),
        ("A2", 2, 0.85),
        ("A4", 4, 0.7),
    ]
    assert rows[6][5].startswith("Ranked 4/6 among the departments, DTI value 0.7000;")
    excluded_rows = list(excluded.iter_rows(values_only=True))
    assert [(row[2], row[5]) for row in excluded_rows[4:]] == [
        ("A3", "1 indicator at 0 points (1.2).")
    ]


def test_the_csv_lists_proposed_and_excluded_agencies_in_one_table(client, campaign):
    response = client.get(reverse("results:awards_export", args=[campaign.pk, "csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(row[1], row[3], row[5]) for row in rows[1:]] == [
        ("yes", "A1", "0.9500"),
        ("yes", "A2", "0.8500"),
        ("yes", "A4", "0.7000"),
        ("no", "A3", "0.8500"),
    ]
    assert "place 3 among the agencies meeting the conditions" in rows[3][6]
