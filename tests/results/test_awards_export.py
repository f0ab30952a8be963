"""The award proposals exported, read back: an official document, in Vietnamese while the
coordinator reads the interface in English."""

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
    page = client.get(reverse("results:awards", args=[campaign.pk])).content.decode()
    assert "DTI value at least 0.6000" in page  # the interface is English
    return campaign


def test_the_workbook_has_the_proposals_with_justifications_and_the_excluded(client, campaign):
    response = client.get(reverse("results:awards_export", args=[campaign.pk, "xlsx"]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    proposals, excluded = workbook.worksheets
    rows = list(proposals.iter_rows(values_only=True))
    assert rows[0][0] == f"Đề xuất khen thưởng — {campaign.title}"
    assert "giá trị DTI từ 0,6000 trở lên" in rows[1][0]
    assert rows[3] == ("Cấp", "Xếp hạng", "Mã cơ quan", "Cơ quan", "Giá trị DTI", "Căn cứ đề xuất")
    assert [(row[2], row[1], row[4]) for row in rows[4:]] == [
        ("A1", 1, 0.95),
        ("A2", 2, 0.85),
        ("A4", 4, 0.7),
    ]
    assert rows[6][5].startswith("Xếp hạng 4/6 cấp Sở, giá trị DTI 0,7000;")
    excluded_rows = list(excluded.iter_rows(values_only=True))
    assert [(row[2], row[5]) for row in excluded_rows[4:]] == [("A3", "1 chỉ số 0 điểm (1.2).")]


def test_the_csv_lists_proposed_and_excluded_agencies_in_one_table(client, campaign):
    response = client.get(reverse("results:awards_export", args=[campaign.pk, "csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][1] == "Được đề xuất"
    assert [(row[1], row[3], row[5]) for row in rows[1:]] == [
        ("có", "A1", "0.9500"),
        ("có", "A2", "0.8500"),
        ("có", "A4", "0.7000"),
        ("không", "A3", "0.8500"),
    ]
    assert "vị trí 3 trong số các cơ quan đạt điều kiện" in rows[3][6]
