"""The PAR Index export for the Department of Home Affairs, read back: an official document,
in Vietnamese while the coordinator reads the interface in English."""

import csv
import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from tests.results.outcome_helpers import coordinator, published_campaign

pytestmark = pytest.mark.django_db

RANK_BANDS = {
    "component_name": "Chuyển đổi số trong các cơ quan nhà nước",
    "method": "rank_bands",
    "component_max": "3",
    "band_1_max_rank": "2",
    "band_1_points": "3",
    "band_2_max_rank": "4",
    "band_2_points": "2.5",
    "otherwise_points": "1",
}
EXPECTED = [
    ("A1", 1, Decimal("0.95"), Decimal(3)),
    ("A2", 2, Decimal("0.85"), Decimal(3)),
    ("A3", 2, Decimal("0.85"), Decimal(3)),
    ("A4", 4, Decimal("0.7"), Decimal("2.5")),
    ("A5", 5, Decimal("0.6667"), Decimal(1)),
    ("A6", 6, Decimal("0.4"), Decimal(1)),
]


@pytest.fixture
def campaign(client):
    campaign = published_campaign()
    client.force_login(coordinator())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse("results:par", args=[campaign.pk]), RANK_BANDS)
    assert response.status_code == 302
    page = client.get(reverse("results:par", args=[campaign.pk])).content.decode()
    assert "rank ≤ 2: 3; rank ≤ 4: 2.5; other ranks: 1" in page  # the interface is English
    return campaign


def test_the_workbook_names_the_component_and_the_rule_then_lists_the_points(client, campaign):
    response = client.get(reverse("results:par_export", args=[campaign.pk, "xlsx"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "Chuyển đổi số trong các cơ quan nhà nước" in rows[0][0]
    assert campaign.title in rows[0][0]
    assert "Chỉ số cải cách hành chính (tối đa 3)" in rows[0][0]
    assert rows[1][0].startswith("Quy tắc: Điểm theo thứ hạng trong cấp")
    assert "xếp hạng ≤ 2: 3; xếp hạng ≤ 4: 2,5; các thứ hạng còn lại: 1" in rows[1][0]
    header = rows[3]
    assert header == (
        "Cấp",
        "Xếp hạng",
        "Mã cơ quan",
        "Cơ quan",
        "Giá trị DTI",
        "Điểm Chỉ số cải cách hành chính (tối đa 3)",
    )
    assert rows[4][0] == "Sở, ban, ngành"
    data = [
        (code, rank, Decimal(str(value)).normalize(), Decimal(str(points)))
        for _tier, rank, code, _name, value, points in rows[4:]
    ]
    assert data == [
        (code, rank, value.normalize(), points) for code, rank, value, points in EXPECTED
    ]


def test_the_csv_holds_the_same_table_with_dot_decimals(client, campaign):
    response = client.get(reverse("results:par_export", args=[campaign.pk, "csv"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["Cấp", "Xếp hạng", "Mã cơ quan", "Cơ quan", "Giá trị DTI"]
    assert [(row[2], row[1], row[4], row[5]) for row in rows[1:]] == [
        ("A1", "1", "0.9500", "3.00"),
        ("A2", "2", "0.8500", "3.00"),
        ("A3", "2", "0.8500", "3.00"),
        ("A4", "4", "0.7000", "2.50"),
        ("A5", "5", "0.6667", "1.00"),
        ("A6", "6", "0.4000", "1.00"),
    ]


def test_an_unknown_export_format_is_not_found(client, campaign):
    response = client.get(reverse("results:par_export", args=[campaign.pk, "pdf"]))
    assert response.status_code == 404
