"""Every chart is drawn by one function for every output: the group chart of an agency's public
page is, byte for byte, the chart of its PDF scorecard; the tier chart of the public ranking page
is the picture of the Word report (the PNG Cairo draws from the same SVG). Group names are
wrapped onto several lines, never cut."""

import io
import re
import xml.etree.ElementTree as ElementTree
from decimal import Decimal
from itertools import pairwise

import pytest
from django.urls import reverse
from django.utils import translation
from docx import Document

from dti.reports.charts import agency_chart, svg_to_png, tier_chart
from dti.reports.results_report import results_report
from dti.reports.scorecard import scorecard
from dti.reports.selectors import campaign_report
from tests.results.portal_helpers import tied_cycle

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
LONG_NAME = "Mức độ hoàn thành kế hoạch chuyển đổi số năm"  # group 9 of the Hanoi frameworks


def svg_in(content: str) -> str:
    start = content.index("<svg")
    return content[start : content.index("</svg>", start) + len("</svg>")]


@pytest.fixture
def cycle():
    return tied_cycle()


def test_the_agency_page_and_the_pdf_scorecard_draw_the_same_svg(client, cycle):
    page = client.get(reverse("portal:agency", args=[cycle.campaign.pk, "SYT"]))
    tier = campaign_report(cycle.campaign, tiers=["department"]).tiers[0]
    result = next(item for item in tier.results if item.assessment.agency.code == "SYT")
    pdf_chart = scorecard(tier, result, []).chart_svg
    assert svg_in(page.content.decode()) == pdf_chart
    assert "Tỷ lệ điểm đạt theo nhóm chỉ số" in pdf_chart
    assert "Bình quân khối Sở, ban, ngành" in pdf_chart


def test_the_english_page_draws_the_same_chart_in_english(client, cycle):
    client.cookies["django_language"] = "en"
    chart = svg_in(
        client.get(reverse("portal:agency", args=[cycle.campaign.pk, "SYT"])).content.decode()
    )
    assert "Share of the maximum points reached, by group" in chart
    assert "2. Cyber security" in chart
    tier = campaign_report(cycle.campaign, tiers=["department"]).tiers[0]
    result = next(item for item in tier.results if item.assessment.agency.code == "SYT")
    # The scorecard is a Vietnamese document whatever the language of the person asking.
    assert "2. An toàn thông tin mạng" in scorecard(tier, result, []).chart_svg


def test_the_word_report_embeds_the_png_of_the_ranking_pages_tier_chart(client, cycle):
    page = client.get(reverse("portal:ranking", args=[cycle.campaign.pk, "department"]))
    chart = svg_in(page.content.decode())
    assert "Tỷ lệ điểm đạt bình quân theo nhóm chỉ số — khối Sở, ban, ngành" in chart
    assert "75%" in chart  # group 1: (25 / 30 + 20 / 30) / 2
    document = Document(io.BytesIO(results_report(campaign_report(cycle.campaign))))
    images = [part.blob for part in document.part.package.parts if part.content_type == "image/png"]
    assert images == [svg_to_png(chart)]


def label_lines(svg: str) -> list[list[tuple[float, str]]]:
    """Per group label of a chart, its lines as (y, text)."""
    root = ElementTree.fromstring(svg)
    return [
        [(float(span.get("y")), span.text) for span in text.findall(f"{SVG}tspan")]
        for text in root.iter(f"{SVG}text")
        if text.findall(f"{SVG}tspan")
    ]


@pytest.mark.parametrize("kind", ["agency", "tier"])
def test_long_group_names_are_wrapped_whole_and_the_next_group_starts_below(kind):
    names = {"8": "Hoạt động xã hội số", "9": LONG_NAME, "10": LONG_NAME + " " + LONG_NAME}
    averages = dict.fromkeys(names, Decimal("0.5"))
    with translation.override("vi"):
        if kind == "agency":
            groups = {code: {"points": "5", "max_points": "10"} for code in names}
            svg = agency_chart(names, groups, averages, "department")
        else:
            svg = tier_chart(names, averages, "department")
    assert "…" not in svg
    labels = label_lines(svg)
    assert [" ".join(text for _y, text in lines) for lines in labels] == [
        f"{code}. {name}" for code, name in names.items()
    ]
    assert [len(lines) for lines in labels] == [1, 2, 3]
    for lines, following in pairwise(labels):
        assert following[0][0] > lines[-1][0]  # no overlap with the previous name
    height = float(re.search(r'height="(\d+)"', svg).group(1))
    assert labels[-1][-1][0] < height
