"""Two published campaigns on the same framework (same code and version) compare every indicator
with itself, without a framework mapping: a mapping file may not map a framework to itself.

Hand-computed, the small test framework (1.1 max 20, 1.2 max 10, 2.1 max 10, 2.2 max 20; the DTI
value is points / 60):

| agency | 2024 | 2025 | change |
| --- | --- | --- | --- |
| SCT | 1.1 10, 1.2 5, 2.1 5, 2.2 10 = 30 → 0.5000 | 20, 5, 10, 10 = 45 → 0.7500 | +0.2500 |
| SYT | 1.1 15, 1.2 5, 2.1 6, 2.2 10 = 36 → 0.6000 | 10, 5, 4, 8 = 27 → 0.4500 | −0.1500 |

Indicator changes, in percentage points of the share of the maximum:
SCT 1.1 100 − 50 = +50.0, 1.2 50 − 50 = 0.0, 2.1 100 − 50 = +50.0, 2.2 50 − 50 = 0.0;
SYT 1.1 50 − 75 = −25.0, 1.2 0.0, 2.1 40 − 60 = −20.0, 2.2 40 − 50 = −10.0.
SNV has no 2024 result: not comparable.
"""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from dti.agencies.models import Tier
from dti.frameworks.models import FrameworkMapping
from tests.factories import make_agency
from tests.results.portal_helpers import indicator, results_campaign, small_framework, write_result

pytestmark = pytest.mark.django_db

POINTS = {
    # agency: ((1.1, 1.2, 2.1, 2.2) in 2024, the same in 2025); None: not assessed that year
    "SCT": ((10, 5, 5, 10), (20, 5, 10, 10)),
    "SYT": ((15, 5, 6, 10), (10, 5, 4, 8)),
    "SNV": (None, (10, 5, 5, 10)),
}
MAXIMA = (("1", "1.1", 20), ("1", "1.2", 10), ("2", "2.1", 10), ("2", "2.2", 20))


def write(campaign, agency, rank, points):
    write_result(
        campaign,
        agency,
        rank=rank,
        group_points=(points[0] + points[1], points[2] + points[3]),
        indicators={
            code: indicator(group, value, maximum)
            for (group, code, maximum), value in zip(MAXIMA, points, strict=True)
        },
    )


@pytest.fixture
def campaign():
    """The 2025 campaign; 2024 was published on the very same framework."""
    framework = small_framework("TEST-SMALL")
    agencies = {
        code: make_agency(code, Tier.DEPARTMENT, name=name)
        for code, name in (("SCT", "Sở Công Thương"), ("SYT", "Sở Y tế"), ("SNV", "Sở Nội vụ"))
    }
    earlier = results_campaign([agencies["SCT"], agencies["SYT"]], year=2024, framework=framework)
    current = results_campaign(list(agencies.values()), framework=framework)
    ranks = {"SCT": (2, 1), "SYT": (1, 3), "SNV": (None, 2)}
    for code, (before, after) in POINTS.items():
        if before is not None:
            write(earlier, agencies[code], ranks[code][0], before)
        write(current, agencies[code], ranks[code][1], after)
    assert not FrameworkMapping.objects.exists()
    return current


def test_the_ranking_shows_the_dti_change_against_the_same_framework(client, campaign):
    response = client.get(reverse("portal:ranking", args=[campaign.pk, "department"]))
    rows = {row.agency_code: (row.previous_year, row.change) for row in response.context["rows"]}
    assert rows == {
        "SCT": (2024, Decimal("0.2500")),
        "SYT": (2024, Decimal("-0.1500")),
        "SNV": (None, None),
    }
    content = response.content.decode()
    assert "+0,2500" in content and "-0,1500" in content


def test_the_agency_page_compares_every_indicator_with_itself(client, campaign):
    changes = {}
    for code in ("SCT", "SYT", "SNV"):
        page = client.get(reverse("portal:agency", args=[campaign.pk, code])).context["page"]
        changes[code] = (page.change, {line.code: line.change.change for line in page.indicators})
    assert changes == {
        "SCT": (
            Decimal("0.2500"),
            {
                "1.1": Decimal("50.0"),
                "1.2": Decimal("0.0"),
                "2.1": Decimal("50.0"),
                "2.2": Decimal("0.0"),
            },
        ),
        "SYT": (
            Decimal("-0.1500"),
            {
                "1.1": Decimal("-25.0"),
                "1.2": Decimal("0.0"),
                "2.1": Decimal("-20.0"),
                "2.2": Decimal("-10.0"),
            },
        ),
        "SNV": (None, {"1.1": None, "1.2": None, "2.1": None, "2.2": None}),
    }


def test_the_open_data_gives_the_same_changes(client, campaign):
    response = client.get(reverse("portal:opendata", args=[campaign.pk, "department", "csv"]))
    rows = {
        row["agency_code"]: row
        for row in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    }
    changes = {
        code: (
            row["previous_dti_value"],
            row["dti_value_change"],
            [row[f"indicator_{indicator}_change"] for indicator in ("1.1", "1.2", "2.1", "2.2")],
        )
        for code, row in rows.items()
    }
    assert changes == {
        "SYT": ("0.6000", "-0.1500", ["-25.0", "0.0", "-20.0", "-10.0"]),
        "SNV": ("", "", ["", "", "", ""]),
        "SCT": ("0.5000", "0.2500", ["50.0", "0.0", "50.0", "0.0"]),
    }
