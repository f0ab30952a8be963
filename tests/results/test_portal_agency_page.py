"""The public page of one agency: DTI value, rank, points, the group chart against the tier
average, the strongest and weakest indicators and every indicator self-assessed beside
appraised with the appraisal's reason (hand-computed on the tied cycle)."""

import copy
from decimal import Decimal

import pytest
from django.urls import reverse

from dti.agencies.models import Tier
from dti.appraisals.models import Decision
from dti.appraisals.services import decide
from dti.campaigns.models import Phase
from tests.appraisals.cycle import build_cycle
from tests.factories import make_agency
from tests.frameworks.helpers import small_document
from tests.results.portal_helpers import (
    indicator,
    results_campaign,
    small_framework,
    tied_cycle,
    write_result,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle():
    return tied_cycle()


def page_of(client, cycle, code):
    response = client.get(reverse("portal:agency", args=[cycle.campaign.pk, code]))
    assert response.status_code == 200
    return response


def test_the_agency_page_shows_value_rank_and_points(client, cycle):
    response = page_of(client, cycle, "SCT")
    result = response.context["result"]
    assert (result.dti_value, result.rank, result.points, result.max_points) == (
        Decimal("0.7500"),
        1,
        Decimal("45.00"),
        Decimal("60.00"),
    )
    assert result.self_dti_value == Decimal("0.7917")
    assert response.context["page"].tier_size == 2
    content = response.content.decode()
    assert "0,7500" in content
    assert "0,7917" in content


def test_groups_carry_their_rank_and_the_tier_average(client, cycle):
    page = page_of(client, cycle, "SCT").context["page"]
    # Group 1: SCT 25/30, SYT 20/30 → average 0.75; group 2: SCT 20/30, SYT 10/10 → 0.8333…
    assert [(group.code, group.points, group.max_points, group.rank) for group in page.groups] == [
        ("1", Decimal("25.00"), Decimal("30.00"), 1),
        ("2", Decimal("20.00"), Decimal("30.00"), 2),
    ]
    assert [group.average_percent for group in page.groups] == [Decimal("75.0"), Decimal("83.3")]
    assert [group.share_percent for group in page.groups] == [Decimal("83.3"), Decimal("66.7")]


def test_the_group_chart_is_embedded_as_svg_with_the_group_names(client, cycle):
    content = page_of(client, cycle, "SYT").content.decode()
    start = content.index("<svg")
    chart = content[start : content.index("</svg>", start)]
    assert "1. Nhận thức số" in chart
    assert "2. An toàn thông tin mạng" in chart
    assert "67%" in chart  # SYT group 1: 20 / 30
    assert "&lt;svg" not in content


def test_strongest_and_weakest_indicators_are_named(client, cycle):
    page = page_of(client, cycle, "SCT").context["page"]
    # Shares: 1.1 20/20, 1.2 5/10, 2.1 10/10, 2.2 10/20. Of four indicators each list takes
    # two, never the same; at equal shares the one worth more points comes first.
    # (Spec fix: this test used to expect 1.1 and 1.2 in both lists.)
    assert [line.code for line in page.strongest] == ["1.1", "2.1"]
    assert [line.code for line in page.weakest] == ["2.2", "1.2"]
    assert page.strongest[0].name == "Số cuộc họp của Ban chỉ đạo"


def test_indicator_names_follow_the_active_language(client, cycle):
    client.cookies["django_language"] = "en"
    page = page_of(client, cycle, "SCT").context["page"]
    assert page.strongest[0].name == "Steering committee meetings"


def test_self_assessed_and_appraised_points_stand_side_by_side_with_the_reason(client, cycle):
    response = page_of(client, cycle, "SYT")
    lines = {line.code: line for line in response.context["page"].indicators}
    assert list(lines) == ["1.1", "1.2", "2.1"]  # 2.2 does not apply to SYT
    assert (lines["1.2"].self_points, lines["1.2"].points) == (Decimal("7.50"), Decimal("0.00"))
    assert lines["1.2"].adjusted
    assert not lines["1.1"].adjusted
    assert "Không có biên bản chủ trì" in response.content.decode()


def test_names_from_the_data_are_escaped_in_the_page_and_in_the_chart(client):
    document = copy.deepcopy(small_document())
    document["groups"][0]["name"] = {"vi": "Nhận thức <b>số</b>", "en": "Awareness"}
    framework = small_framework("TEST-ESCAPE", **{"groups": document["groups"]})
    agency = make_agency("SCT", Tier.DEPARTMENT, name="Sở <i>Công</i> Thương")
    campaign = results_campaign([agency], framework=framework)
    write_result(campaign, agency, rank=1)
    content = client.get(reverse("portal:agency", args=[campaign.pk, "SCT"])).content.decode()
    assert "<b>số</b>" not in content
    assert "<i>Công</i>" not in content
    assert "Nhận thức &lt;b&gt;số&lt;/b&gt;" in content


def indicator_row(content: str, code: str) -> str:
    start = content.index(f'<th scope="row">{code}. ')
    return content[start : content.index("</tr>", start)]


def test_an_indicator_the_appraisal_made_not_applicable_keeps_its_self_assessed_points(client):
    cycle = build_cycle()
    appraisal = cycle.appraisal("SCT", "2.1")
    decide(
        appraisal,
        expected_version=appraisal.version,
        decision=Decision.ADJUSTED,
        not_applicable=True,
        reason="Không vận hành hệ thống thông tin cấp độ 3",
        by=cycle.appraiser_for("2.1"),
    )
    cycle.accept_all(1)
    cycle.close_explanations()
    cycle.move(Phase.PUBLISHED)
    response = page_of(client, cycle, "SCT")
    line = next(line for line in response.context["page"].indicators if line.code == "2.1")
    assert (line.status, line.self_points, line.points) == ("not_applicable", Decimal("10.00"), 0)
    row = indicator_row(response.content.decode(), "2.1")
    assert '<td class="num">10</td>' in row  # self-assessed, beside the decision
    assert "<strong>không áp dụng</strong>" in row
    assert "Không vận hành hệ thống thông tin cấp độ 3" in row


def test_an_indicator_the_agency_itself_declared_not_applicable_reads_not_applicable(client):
    agency = make_agency("SXD", Tier.DEPARTMENT, name="Sở Xây dựng")
    campaign = results_campaign([agency])
    write_result(
        campaign,
        agency,
        rank=1,
        indicators={
            "1.1": {
                **indicator("1", 0, 0),
                "status": "not_applicable",
                "decision": "accepted",
            }
        },
    )
    content = client.get(reverse("portal:agency", args=[campaign.pk, "SXD"])).content.decode()
    row = indicator_row(content, "1.1")
    assert '<td class="num muted" colspan="3">không áp dụng</td>' in row
