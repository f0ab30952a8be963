"""The council reads the consolidated results: a ranking per tier with self-assessed and
appraised DTI values, one agency's results per indicator with the reasons, and — once the
campaign is finalised — the frozen results."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dti.agencies.models import Role, Tier
from dti.appraisals import council_views
from dti.appraisals.models import Decision
from dti.appraisals.services import decide
from dti.campaigns.models import Campaign, Phase
from dti.campaigns.services import create_campaign
from dti.frameworks.services import load_framework
from dti.results.models import Result
from tests.appraisals.cycle import build_cycle
from tests.factories import make_agency, make_campaign, make_user
from tests.frameworks.helpers import small_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle():
    """In the council phase, with one adjustment per agency that brings them level: SCT's 1.2
    cut to 2 of 4 chaired meetings (45 / 60) and SYT's to 0 of 4 (30 / 40, as 2.2 does not
    apply to SYT): both 0.75."""
    cycle = build_cycle()
    adjust(cycle, "SCT", "1.2", {"chaired": "2", "total": "4"}, "Chỉ 2 cuộc có biên bản chủ trì")
    adjust(cycle, "SYT", "1.2", {"chaired": "0", "total": "4"}, "Không có biên bản chủ trì")
    cycle.accept_all(1)
    cycle.close_explanations()  # neither agency explained its adjustment
    cycle.move(Phase.APPRAISAL_2)
    cycle.accept_all(2)
    cycle.move(Phase.COUNCIL)
    return cycle


def adjust(cycle, agency, code, values, reason):
    appraisal = cycle.appraisal(agency, code)
    decide(
        appraisal,
        expected_version=appraisal.version,
        decision=Decision.ADJUSTED,
        values=values,
        reason=reason,
        by=cycle.appraiser_for(code),
    )


def council_page(client, cycle, user):
    client.force_login(user)
    response = client.get(reverse("appraisals:council", kwargs={"campaign_id": cycle.campaign.pk}))
    assert response.status_code == 200
    return response


def ranking_rows(response):
    ranking = response.context["ranking"]
    return [
        (
            ranking.tier,
            row.agency_code,
            row.self_dti_value,
            row.dti_value,
            row.rank,
            row.adjusted_count,
        )
        for row in ranking.page.object_list
    ]


def test_a_council_member_reads_the_ranking_per_tier_with_ties_sharing_a_rank(client, cycle):
    response = council_page(client, cycle, cycle.council[0])
    assert ranking_rows(response) == [
        ("department", "SCT", Decimal("0.7917"), Decimal("0.7500"), 1, 1),
        ("department", "SYT", Decimal("0.9375"), Decimal("0.7500"), 1, 1),
    ]
    assert response.context["frozen"] is False


@pytest.mark.parametrize("who", ["coordinator", "working_group"])
def test_the_coordinator_and_the_working_group_read_it_too(client, cycle, who):
    response = council_page(client, cycle, getattr(cycle, who))
    assert [row[1] for row in ranking_rows(response)] == ["SCT", "SYT"]
    assert response.context["form"] is None  # only council members give opinions


def test_the_ranking_shows_the_appraised_values_decided_so_far(client):
    """Before the council phase (read by the working group; council members wait until they
    are asked) the ranking already reflects every decided appraisal."""
    cycle = build_cycle()
    adjust(cycle, "SYT", "1.1", {"meetings": "1"}, "Một biên bản")
    response = council_page(client, cycle, cycle.working_group)
    # SYT: 1.1 = 5, 1.2 = 7.5, 2.1 = 10 → 22.5 / 40; SCT is untouched at 47.5 / 60.
    assert ranking_rows(response) == [
        ("department", "SCT", Decimal("0.7917"), Decimal("0.7917"), 1, 0),
        ("department", "SYT", Decimal("0.9375"), Decimal("0.5625"), 2, 1),
    ]


def test_one_agencys_page_shows_self_and_appraised_points_with_the_reason(client, cycle):
    client.force_login(cycle.council[1])
    url = reverse(
        "appraisals:council_agency",
        kwargs={"campaign_id": cycle.campaign.pk, "assessment_id": cycle.assessment("SCT").pk},
    )
    response = client.get(url)
    assert response.status_code == 200
    results = response.context["results"]
    assert (results.self_points, results.points, results.dti_value) == (
        Decimal("47.5"),
        Decimal("45"),
        Decimal("0.7500"),
    )
    lines = {line.code: line for group in results.groups for line in group.indicators}
    assert list(lines) == ["1.1", "1.2", "2.1", "2.2"]
    adjusted = lines["1.2"]
    assert (adjusted.self_points, adjusted.points, adjusted.decision, adjusted.round) == (
        Decimal("7.5"),
        Decimal("5"),
        "adjusted",
        1,
    )
    assert "Chỉ 2 cuộc có biên bản chủ trì" in response.content.decode()
    assert [(group.group.code, group.self_points, group.points) for group in results.groups] == [
        ("1", Decimal("27.5"), Decimal("25")),
        ("2", Decimal("20"), Decimal("20")),
    ]


def test_another_campaigns_assessment_is_not_found(client, cycle):
    other = make_campaign([make_agency("SXD", Tier.DEPARTMENT)], by=cycle.coordinator)
    client.force_login(cycle.council[0])
    url = reverse(
        "appraisals:council_agency",
        kwargs={"campaign_id": cycle.campaign.pk, "assessment_id": other.assessments.get().pk},
    )
    assert client.get(url).status_code == 404


def test_after_finalisation_the_frozen_results_are_shown(client, cycle):
    cycle.move(Phase.FINALIZED)
    # Prove the page reads the frozen rows rather than recomputing them.
    Result.objects.filter(assessment__agency__code="SYT").update(
        dti_value=Decimal("0.7000"), rank=2
    )
    response = council_page(client, cycle, cycle.council[0])
    assert response.context["frozen"] is True
    assert ranking_rows(response) == [
        ("department", "SCT", Decimal("0.7917"), Decimal("0.7500"), 1, 1),
        ("department", "SYT", Decimal("0.9375"), Decimal("0.7000"), 2, 1),
    ]
    url = reverse(
        "appraisals:council_agency",
        kwargs={"campaign_id": cycle.campaign.pk, "assessment_id": cycle.assessment("SYT").pk},
    )
    results = client.get(url).context["results"]
    assert (results.frozen, results.dti_value, results.rank) == (True, Decimal("0.7000"), 2)


def test_the_ranking_page_needs_the_same_number_of_queries_whatever_the_agencies(client, cycle):
    client.force_login(cycle.council[0])
    url = reverse("appraisals:council", kwargs={"campaign_id": cycle.campaign.pk})
    client.get(url)  # warm the framework definition cache

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    with_two = queries()
    cycle.assessment("SYT").delete()
    assert queries() == with_two


def test_the_ranking_is_paginated_and_an_unknown_tier_shows_the_first_one(
    client, cycle, monkeypatch
):
    monkeypatch.setattr(council_views, "COUNCIL_ROWS_PER_PAGE", 1)
    client.force_login(cycle.council[0])
    url = reverse("appraisals:council", kwargs={"campaign_id": cycle.campaign.pk})

    second = client.get(url, {"tier": "commune", "page": 2})

    assert ranking_rows(second) == [
        ("department", "SYT", Decimal("0.9375"), Decimal("0.7500"), 1, 1),
    ]
    assert second.context["ranking"].page.paginator.num_pages == 2
    assert 'rel="prev"' in second.content.decode()


def test_each_tier_has_its_own_ranking_reached_from_the_tier_links(client):
    coordinator = make_user(Role.COORDINATOR)
    department = load_framework(small_document())
    commune = load_framework(small_document() | {"code": "TEST-SMALL-XA", "tier": Tier.COMMUNE})
    campaign = create_campaign(
        year=2026,
        title="DTI 2026",
        plan_reference="KH",
        frameworks=[department, commune],
        agencies=[make_agency("SO-A", Tier.DEPARTMENT), make_agency("XA-B", Tier.COMMUNE)],
        by=coordinator,
    )
    Campaign.objects.filter(pk=campaign.pk).update(phase=Phase.COUNCIL)
    client.force_login(coordinator)
    url = reverse("appraisals:council", kwargs={"campaign_id": campaign.pk})

    first = client.get(url)
    communes = client.get(url, {"tier": Tier.COMMUNE})

    assert [row[:2] for row in ranking_rows(first)] == [("department", "SO-A")]
    assert [row[:2] for row in ranking_rows(communes)] == [("commune", "XA-B")]
    assert 'href="?tier=commune"' in first.content.decode()
