"""The working group's consolidation: self-assessed against appraised points per agency (from
the engine), per-agency detail, and the Excel export."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dti.agencies.models import Role, Tier
from dti.appraisals import appraiser_views
from dti.appraisals.models import Decision
from dti.appraisals.services import decide
from dti.campaigns.services import create_campaign
from dti.frameworks.services import load_framework
from tests.appraisals.cycle import build_cycle
from tests.factories import make_agency, make_user
from tests.frameworks.helpers import small_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle():
    cycle = build_cycle()
    appraisal = cycle.appraisal("SCT", "1.1")
    decide(
        appraisal,
        expected_version=0,
        decision=Decision.ADJUSTED,
        values={"meetings": "2"},
        reason="Chỉ có 2 biên bản hợp lệ",
        by=cycle.appraisers["SKHCN"],
    )
    accepted = cycle.appraisal("SYT", "2.1")
    decide(accepted, expected_version=0, decision=Decision.ACCEPTED, by=cycle.appraisers["VPUB"])
    return cycle


@pytest.fixture(autouse=True)
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def url(name, cycle, **kwargs):
    return reverse(f"appraisals:{name}", kwargs={"campaign_id": cycle.campaign.pk, **kwargs})


def test_consolidation_compares_self_and_appraised_points_per_agency(client, cycle):
    client.force_login(cycle.working_group)
    rows = {
        row.agency.code: row
        for row in client.get(url("consolidation", cycle)).context["page"].object_list
    }
    sct, syt = rows["SCT"], rows["SYT"]
    # SCT: 20 + 7.5 + 10 + 10 of 60 by itself; 1.1 appraised at 10 instead of 20.
    assert (sct.self_score.points, sct.self_score.dti_value) == (Decimal("47.5"), Decimal("0.7917"))
    assert (sct.appraised.points, sct.appraised.dti_value) == (Decimal("37.5"), Decimal("0.625"))
    assert (sct.difference, sct.adjusted, sct.pending) == (Decimal(-10), 1, 3)
    # SYT: nothing adjusted; 2.1 accepted, the two others still pending.
    assert (syt.self_score.points, syt.appraised.points) == (Decimal("37.5"), Decimal("37.5"))
    assert (syt.adjusted, syt.pending) == (0, 2)


def test_the_tier_filter_keeps_only_agencies_of_that_tier(client):
    coordinator = make_user(Role.COORDINATOR)
    department = load_framework(small_document())
    commune_document = small_document() | {"code": "TEST-SMALL-XA", "tier": Tier.COMMUNE}
    commune = load_framework(commune_document)
    campaign = create_campaign(
        year=2026,
        title="DTI 2026",
        plan_reference="KH",
        frameworks=[department, commune],
        agencies=[make_agency("SO-A", Tier.DEPARTMENT), make_agency("XA-B", Tier.COMMUNE)],
        by=coordinator,
    )
    client.force_login(coordinator)
    page = reverse("appraisals:consolidation", kwargs={"campaign_id": campaign.pk})

    def agencies(query):
        return [row.agency.code for row in client.get(page, query).context["page"].object_list]

    assert sorted(agencies({})) == ["SO-A", "XA-B"]
    assert agencies({"tier": Tier.COMMUNE}) == ["XA-B"]
    assert agencies({"tier": Tier.DEPARTMENT}) == ["SO-A"]
    refused = client.get(page, {"tier": Tier.DISTRICT})  # no district framework here
    assert "tier" in refused.context["form"].errors
    assert len(refused.context["page"].object_list) == 2


def test_the_agency_detail_lists_every_indicator_with_decision_reason_and_round(client, cycle):
    client.force_login(cycle.working_group)
    response = client.get(
        url("consolidation_agency", cycle, assessment_id=cycle.assessment("SCT").pk)
    )
    lines = {line.indicator.code: line for line in response.context["row"].indicators}
    assert list(lines) == ["1.1", "1.2", "2.1", "2.2"]
    adjusted = lines["1.1"]
    assert (adjusted.self_score.points, adjusted.appraised.points) == (20, 10)
    assert (adjusted.final.decision, adjusted.final.round) == (Decision.ADJUSTED, 1)
    assert adjusted.final.reason == "Chỉ có 2 biên bản hợp lệ"
    assert lines["1.2"].pending and lines["1.2"].appraised.points == Decimal("7.5")
    page = response.content.decode()
    assert reverse("appraisals:item", kwargs={"appraisal_id": adjusted.final.pk}) in page


def test_the_export_is_a_workbook_of_the_table_and_of_every_indicator(client, cycle):
    client.force_login(cycle.working_group)
    response = client.get(url("consolidation_export", cycle))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    workbook = load_workbook(io.BytesIO(response.content))
    summary, details = workbook.worksheets
    header = [cell.value for cell in summary[1]]
    assert header[:3] == ["Agency code", "Agency", "Tier"]
    by_code = {
        row[0]: dict(zip(header, row, strict=True))
        for row in summary.iter_rows(min_row=2, values_only=True)
    }
    assert set(by_code) == {"SCT", "SYT"}
    assert Decimal(str(by_code["SCT"]["Appraised points"])) == Decimal("37.5")
    assert Decimal(str(by_code["SCT"]["Self-assessed points"])) == Decimal("47.5")
    assert by_code["SCT"]["Adjusted indicators"] == 1
    detail_header = [cell.value for cell in details[1]]
    lines = [
        dict(zip(detail_header, row, strict=True))
        for row in details.iter_rows(min_row=2, values_only=True)
    ]
    assert len(lines) == 7
    adjusted = next(
        line for line in lines if line["Agency code"] == "SCT" and line["Indicator"] == "1.1"
    )
    assert (adjusted["Decision"], adjusted["Round"], adjusted["Reason"]) == (
        "Adjusted",
        1,
        "Chỉ có 2 biên bản hợp lệ",
    )


def test_the_table_is_paginated_and_keeps_the_tier_filter_across_pages(client, cycle, monkeypatch):
    monkeypatch.setattr(appraiser_views, "CONSOLIDATION_ROWS_PER_PAGE", 1)
    client.force_login(cycle.working_group)

    first = client.get(url("consolidation", cycle), {"tier": "department"})
    second = client.get(url("consolidation", cycle), {"tier": "department", "page": 2})

    assert [row.agency.code for row in first.context["page"].object_list] == ["SCT"]
    assert [row.agency.code for row in second.context["page"].object_list] == ["SYT"]
    assert 'href="?tier=department&amp;page=2"' in first.content.decode()
