"""recompute_campaign: every score, total, DTI value and rank of a campaign recomputed in bulk
gives the numbers of the services (refresh_totals, decide, freeze_results)."""

from __future__ import annotations

import pytest

from dti.agencies.models import User
from dti.appraisals.models import Appraisal, Decision, Round
from dti.appraisals.scoring import refresh_appraised_totals
from dti.assessments.models import Assessment, Response
from dti.assessments.scoring import score_response
from dti.assessments.services import refresh_totals
from dti.audit.models import AuditEvent
from dti.campaigns.models import Campaign, Phase
from dti.frameworks.definitions import framework_definition
from dti.results.models import Result
from dti.results.recompute import ROBUSTNESS_FIELDS, read_write_baseline, recompute_campaign
from dti.results.services import freeze_results
from tests.bench.helpers import generated_campaigns

pytestmark = pytest.mark.django_db

RESULT_FIELDS = [
    "self_points",
    "self_max_points",
    "self_dti_value",
    "points",
    "max_points",
    "dti_value",
    "rank",
    "group_ranks",
    "groups",
    "indicators",
    *ROBUSTNESS_FIELDS,
]
ASSESSMENT_FIELDS = [
    "self_points",
    "self_max_points",
    "self_dti_value",
    "answered_count",
    "applicable_count",
    "appraised_points",
    "appraised_max_points",
    "appraised_dti_value",
    "adjusted_count",
    "pending_count",
]


@pytest.fixture(scope="module")
def campaigns(django_db_setup, django_db_blocker):
    """Five agencies in appraisal round 1 (some items pending, some adjusted) and six with
    published results."""
    specs = [
        {"agencies": 5, "seed": 11, "title": "round 1", "phase": Phase.APPRAISAL_1},
        {"agencies": 6, "seed": 12, "title": "published", "phase": Phase.PUBLISHED},
    ]
    with generated_campaigns(django_db_blocker, *specs) as reports:
        yield {report.campaign.title: report.campaign for report in reports}


@pytest.fixture
def coordinator():
    return User.objects.get(username="scale.dieuphoi")


def spoil(campaign: Campaign) -> None:
    """Wrong numbers everywhere a recompute writes."""
    Response.objects.filter(assessment__campaign=campaign).update(status="invalid", points=7)
    Appraisal.objects.filter(assessment__campaign=campaign).exclude(
        decision=Decision.PENDING
    ).update(status="invalid", points=7)
    campaign.assessments.update(
        self_points=1,
        self_max_points=1,
        self_dti_value=1,
        answered_count=0,
        applicable_count=0,
        appraised_points=1,
        appraised_max_points=1,
        appraised_dti_value=1,
        adjusted_count=99,
        pending_count=99,
    )
    Result.objects.filter(assessment__campaign=campaign).update(
        points=1, dti_value=1, rank=99, groups={}, indicators={}, group_ranks={}
    )


def assessment_numbers(campaign: Campaign) -> dict:
    return {
        item.pk: [getattr(item, name) for name in ASSESSMENT_FIELDS]
        for item in Assessment.objects.filter(campaign=campaign)
    }


def result_numbers(campaign: Campaign) -> dict:
    return {
        item.assessment_id: {name: getattr(item, name) for name in RESULT_FIELDS}
        for item in Result.objects.filter(assessment__campaign=campaign)
    }


def engine_points(campaign: Campaign, model) -> dict:
    """(status, points) of every response or decided appraisal, each scored alone."""
    definition = framework_definition(campaign.frameworks.get())
    items = model.objects.filter(assessment__campaign=campaign)
    if model is Appraisal:
        items = items.exclude(decision=Decision.PENDING).select_related("response__indicator")
    expected, stored = {}, {}
    for item in items:
        indicator = item.response.indicator if model is Appraisal else item.indicator
        score = score_response(
            definition.indicator(indicator.code), item.values, item.not_applicable
        )
        expected[item.pk] = (score.status, score.points if score.status == "scored" else None)
        stored[item.pk] = (item.status, item.points)
    return {"expected": expected, "stored": stored}


def test_the_totals_are_those_of_refresh_totals_and_refresh_appraised_totals(campaigns):
    campaign = campaigns["round 1"]
    for assessment in campaign.assessments.all():
        refresh_totals(assessment)
        refresh_appraised_totals(assessment)
    expected = assessment_numbers(campaign)
    spoil(campaign)
    recompute_campaign(campaign)
    assert assessment_numbers(campaign) == expected


def test_responses_and_decided_appraisals_get_the_engines_points(campaigns):
    campaign = campaigns["round 1"]
    spoil(campaign)
    recompute_campaign(campaign)
    for model in (Response, Appraisal):
        numbers = engine_points(campaign, model)
        assert numbers["stored"] == numbers["expected"], model.__name__


def test_results_and_ranks_are_those_of_freeze_results_also_after_round_two(campaigns, coordinator):
    campaign = campaigns["published"]
    response = Response.objects.filter(assessment__campaign=campaign, indicator__code="1.1").first()
    Appraisal.objects.create(  # a round-2 decision: it counts instead of round 1
        assessment=response.assessment,
        response=response,
        campaign=campaign,
        indicator_id=response.indicator_id,
        round=Round.SECOND,
        decision=Decision.ADJUSTED,
        values={"committee": "no"},
        reason="Giải trình chưa đủ căn cứ.",
    )
    other = Response.objects.filter(assessment__campaign=campaign, indicator__code="1.2").last()
    Appraisal.objects.create(  # pending in round 2: round 1 still counts
        assessment=other.assessment,
        response=other,
        campaign=campaign,
        indicator_id=other.indicator_id,
        round=Round.SECOND,
        values=other.values,
    )
    freeze_results(campaign, coordinator)
    expected = result_numbers(campaign)
    assert any(item["indicators"]["1.1"]["round"] == 2 for item in expected.values())
    spoil(campaign)
    recompute_campaign(campaign, robustness=True)
    assert result_numbers(campaign) == expected


def test_rank_robustness_is_kept_unless_asked_for(campaigns):
    campaign = campaigns["published"]
    Result.objects.filter(assessment__campaign=campaign).update(rank_low=42)
    recompute_campaign(campaign)
    assert set(
        Result.objects.filter(assessment__campaign=campaign).values_list("rank_low", flat=True)
    ) == {42}
    recompute_campaign(campaign, robustness=True)
    assert 42 not in Result.objects.filter(assessment__campaign=campaign).values_list(
        "rank_low", flat=True
    )


def test_missing_results_are_created_only_once_results_are_frozen(campaigns):
    published, open_campaign = campaigns["published"], campaigns["round 1"]
    expected = result_numbers(published)
    Result.objects.filter(assessment__campaign=published).delete()
    recompute_campaign(published, robustness=True)
    recompute_campaign(open_campaign)
    assert result_numbers(published) == expected
    assert not Result.objects.filter(assessment__campaign=open_campaign).exists()


def test_only_changed_rows_are_written_and_audited(campaigns, coordinator):
    campaign = campaigns["round 1"]
    events = AuditEvent.objects.filter(action="results.recompute", object_id=str(campaign.pk))
    unchanged = recompute_campaign(campaign, by=coordinator)
    assert not any(unchanged.changed.values())
    assert not any(unchanged.written.values())
    assert not events.exists()

    response = Response.objects.filter(assessment__campaign=campaign, points__gt=0).first()
    Response.objects.filter(pk=response.pk).update(points=0)
    summary = recompute_campaign(campaign, by=coordinator)
    assert summary.changed["responses"] == summary.written["responses"] == 1
    assert summary.written["appraisals"] == 0
    event = events.get()
    assert (event.actor, event.after["responses"]) == (coordinator, 1)


def test_every_row_is_written_when_asked(campaigns):
    campaign = campaigns["round 1"]
    summary = recompute_campaign(campaign, only_changed=False)
    decided = (
        Appraisal.objects.filter(assessment__campaign=campaign)
        .exclude(decision=Decision.PENDING)
        .count()
    )
    assert summary.written == {
        "responses": summary.responses,
        "appraisals": decided,
        "assessments": 5,
        "appraised assessments": 5,
        "results": 0,
    }
    assert summary.responses == 5 * 47
    assert not any(summary.changed.values())


def test_the_baseline_writes_the_same_rows_and_changes_nothing(campaigns):
    campaign = campaigns["published"]
    before = (
        result_numbers(campaign),
        assessment_numbers(campaign),
        engine_points(campaign, Response)["stored"],
    )
    summary = read_write_baseline(campaign)
    assert summary.written == recompute_campaign(campaign, only_changed=False).written
    assert before == (
        result_numbers(campaign),
        assessment_numbers(campaign),
        engine_points(campaign, Response)["stored"],
    )
