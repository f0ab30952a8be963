"""generate_scale_data: a campaign of N generated communes, the same for the same seed, with
the rows and numbers the services would have stored."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from dti.agencies.models import Agency, Role, User
from dti.appraisals.models import Appraisal, AppraisalVersion, Assignment, Decision
from dti.appraisals.scoring import refresh_appraised_totals
from dti.assessments.models import Assessment, AssessmentStatus, Evidence, Response
from dti.assessments.scoring import score_response
from dti.assessments.services import refresh_totals
from dti.campaigns.models import Phase
from dti.core.scale import SCALE_PASSWORD, ScaleDataError, generate_campaign
from dti.frameworks.definitions import framework_definition
from dti.results.models import Result
from tests.bench.helpers import generated_campaigns

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def reports(django_db_setup, django_db_blocker):
    """Two campaigns from seed 5 and one from seed 6 (appraisal round 1), one campaign in
    self-assessment and one published."""
    specs = [
        {"agencies": 4, "seed": 5, "title": "A", "phase": Phase.APPRAISAL_1},
        {"agencies": 4, "seed": 5, "title": "B", "phase": Phase.APPRAISAL_1},
        {"agencies": 4, "seed": 6, "title": "C", "phase": Phase.APPRAISAL_1},
        {"agencies": 10, "seed": 5, "title": "D", "phase": Phase.SELF_ASSESSMENT},
        {"agencies": 6, "seed": 5, "title": "E", "phase": Phase.PUBLISHED},
    ]
    with generated_campaigns(django_db_blocker, *specs) as items:
        yield {report.campaign.title: report for report in items}


def content(campaign) -> dict:
    """Everything generated for a campaign, keyed by agency and indicator codes (not ids)."""
    assessments = {
        item.agency.code: (
            item.status,
            item.self_points,
            item.self_dti_value,
            item.answered_count,
            item.submitted_at,
        )
        for item in campaign.assessments.select_related("agency")
    }
    responses = {
        (item.assessment.agency.code, item.indicator.code): (
            item.values,
            item.not_applicable,
            item.status,
            item.points,
            item.updated_at,
            item.evidence.count(),
        )
        for item in Response.objects.filter(assessment__campaign=campaign).select_related(
            "assessment__agency", "indicator"
        )
    }
    appraisals = {
        (item.assessment.agency.code, item.response.indicator.code): (
            item.decision,
            item.values,
            item.points,
            item.reason,
            item.decided_by.username if item.decided_by else None,
            item.decided_at,
        )
        for item in Appraisal.objects.filter(assessment__campaign=campaign).select_related(
            "assessment__agency", "response__indicator", "decided_by"
        )
    }
    return {"assessments": assessments, "responses": responses, "appraisals": appraisals}


def test_the_same_seed_generates_the_same_campaign(reports):
    first, again = content(reports["A"].campaign), content(reports["B"].campaign)
    assert first == again
    assert len(first["responses"]) == 4 * 47


def test_another_seed_generates_other_answers(reports):
    first, other = content(reports["A"].campaign), content(reports["C"].campaign)
    assert first["responses"].keys() == other["responses"].keys()
    assert first["responses"] != other["responses"]


def test_the_report_counts_what_is_in_the_database(reports):
    report = reports["A"]
    campaign = report.campaign
    appraisals = Appraisal.objects.filter(assessment__campaign=campaign)
    assert report.assessments == campaign.assessments.count() == 4
    assert report.responses == Response.objects.filter(assessment__campaign=campaign).count()
    assert report.evidence == Evidence.objects.filter(assessment__campaign=campaign).count() > 0
    assert report.appraisals == appraisals.count() == report.responses
    assert report.adjusted == appraisals.filter(decision=Decision.ADJUSTED).count() > 0
    assert (
        report.versions
        == AppraisalVersion.objects.filter(appraisal__assessment__campaign=campaign).count()
        == appraisals.exclude(decision=Decision.PENDING).count()
    )
    assert appraisals.filter(decision=Decision.PENDING).exists()


def test_every_agency_gets_a_staff_and_a_leader_account_with_the_shared_password(client, reports):
    generated = Agency.objects.filter(code__startswith="GEN-")
    assert generated.count() == 10  # the largest campaign; the others reuse its first agencies
    for role in (Role.AGENCY_STAFF, Role.AGENCY_LEADER):
        assert User.objects.filter(role=role, agency__in=generated).count() == 10
    assert reports["A"].users_created == 2 * 4 + 2 * 3 + 3  # agencies, 3 departments, specials
    assert reports["B"].users_created == 0
    assert client.login(username="canbo.gen-00004", password=SCALE_PASSWORD)


def test_every_indicator_is_assigned_to_the_departments_its_framework_names(reports):
    framework = reports["A"].campaign.frameworks.get()
    for indicator in framework.indicators.all():
        departments = set(
            Assignment.objects.filter(indicator=indicator).values_list(
                "department__code", flat=True
            )
        )
        assert departments == set(indicator.appraising_units), indicator.code


def test_appraised_totals_are_those_of_refresh_appraised_totals(reports):
    fields = [
        "appraised_points",
        "appraised_max_points",
        "appraised_dti_value",
        "adjusted_count",
        "pending_count",
    ]
    assessments = reports["A"].campaign.assessments.all()
    stored = {item.pk: [getattr(item, name) for name in fields] for item in assessments}
    for assessment in assessments:
        refresh_appraised_totals(assessment)
    refreshed = {item.pk: [getattr(item, name) for name in fields] for item in assessments}
    assert stored == refreshed
    assert any(values[3] and values[4] for values in stored.values())  # adjusted and pending


def test_stored_points_are_the_engines_and_totals_are_those_of_refresh_totals(reports):
    campaign = reports["D"].campaign
    definition = framework_definition(campaign.frameworks.get())
    for response in Response.objects.filter(assessment__campaign=campaign).select_related(
        "indicator"
    ):
        score = score_response(
            definition.indicator(response.indicator.code), response.values, response.not_applicable
        )
        assert response.status == score.status
        assert response.points == (score.points if score.status == "scored" else None)
    for assessment in campaign.assessments.all():
        stored = (
            assessment.self_points,
            assessment.self_max_points,
            assessment.self_dti_value,
            assessment.answered_count,
            assessment.applicable_count,
        )
        refresh_totals(assessment)
        assessment.refresh_from_db()
        assert stored == (
            assessment.self_points,
            assessment.self_max_points,
            assessment.self_dti_value,
            assessment.answered_count,
            assessment.applicable_count,
        )


def test_in_self_assessment_some_agencies_submitted_and_others_are_part_way(reports):
    campaign = reports["D"].campaign
    assessments = list(campaign.assessments.all())
    submitted = [item for item in assessments if item.status == AssessmentStatus.SUBMITTED]
    part_way = [
        item
        for item in assessments
        if item.status == AssessmentStatus.DRAFT and 0 < item.answered_count < 47
    ]
    assert submitted and part_way
    assert len(submitted) + len(part_way) == 10
    assert all(item.submitted_by.role == Role.AGENCY_LEADER for item in submitted)
    assert not Appraisal.objects.filter(assessment__campaign=campaign).exists()


def test_adjusted_appraisals_give_fewer_points_and_say_why(reports):
    adjusted = Appraisal.objects.filter(
        assessment__campaign=reports["A"].campaign, decision=Decision.ADJUSTED
    ).select_related("response", "decided_by")
    assert adjusted
    for appraisal in adjusted:
        assert appraisal.reason
        assert appraisal.decided_by.role == Role.APPRAISER
        assert (appraisal.points or Decimal(0)) < appraisal.response.points


def test_a_published_campaign_has_ranked_results_with_robustness(reports):
    campaign = reports["E"].campaign
    results = Result.objects.filter(assessment__campaign=campaign)
    assert campaign.published_at is not None
    assert results.count() == 6
    assert sorted(results.values_list("rank", flat=True))[0] == 1
    assert not results.filter(rank_robust__isnull=True).exists()
    assert set(Assessment.objects.filter(campaign=campaign).values_list("status", flat=True)) == {
        AssessmentStatus.FINAL
    }


def test_the_command_prints_what_it_created(reports):
    output = io.StringIO()
    call_command("generate_scale_data", "--agencies", "2", "--seed", "3", stdout=output)
    text = output.getvalue()
    assert "assessments: 2, responses: 94" in text
    assert SCALE_PASSWORD in text


def test_the_command_refuses_a_campaign_without_agencies(reports):
    with pytest.raises(CommandError, match="at least 1"):
        call_command("generate_scale_data", "--agencies", "0", stdout=io.StringIO())


def test_only_the_phases_it_can_build_are_accepted(reports):
    with pytest.raises(ScaleDataError, match="council"):
        generate_campaign(agencies=1, seed=1, phase=Phase.COUNCIL)
