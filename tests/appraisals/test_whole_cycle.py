"""The whole appraisal cycle through the services: round 1 adjustments → results sent →
explanation with new evidence → round 2 → council opinions → finalised. For two agencies with
hand-computed final points, and for four agencies and three departments with the frozen results
checked against the pure engine run on the appraised inputs."""

from decimal import Decimal

import pytest
from django.utils import timezone

from dti.agencies.models import Role, Tier
from dti.appraisals.models import Appraisal, AppraisalVersion, Decision, Verdict
from dti.appraisals.services import (
    AppraisalError,
    AppraisalInvalid,
    bulk_accept,
    council_tally,
    decide,
    save_explanation,
    set_assignments,
    submit_explanations,
    submit_opinion,
)
from dti.assessments.evidence import add_link_evidence
from dti.assessments.models import AssessmentStatus, EvidenceStage
from dti.assessments.services import save_response, submit_assessment
from dti.campaigns.models import Phase
from dti.campaigns.services import CampaignError, move_phase
from dti.frameworks.definitions import framework_definition
from dti.notifications.models import Notification
from dti.results.models import Result
from dti.scoring import ResponseData, score_assessment
from tests.appraisals.cycle import build_cycle
from tests.assessments.helpers import attach_link, open_deadlines
from tests.factories import make_agency, make_campaign, make_user

pytestmark = pytest.mark.django_db


def adjust(cycle, agency, code, values, reason, round_number=1):
    appraisal = cycle.appraisal(agency, code, round_number)
    return decide(
        appraisal,
        expected_version=appraisal.version,
        decision=Decision.ADJUSTED,
        values=values,
        reason=reason,
        by=cycle.appraiser_for(code),
    )


def test_the_whole_cycle_from_round_one_to_frozen_results():
    cycle = build_cycle()
    # Round 1: SKHCN cuts SCT's meetings from 4 to 2 and SYT's ratio; the rest is accepted.
    adjust(cycle, "SCT", "1.1", {"meetings": "2"}, "Chỉ có 2 biên bản họp hợp lệ")
    adjust(cycle, "SYT", "1.2", {"chaired": "1", "total": "4"}, "Chỉ 1 cuộc do giám đốc chủ trì")
    with pytest.raises(CampaignError):
        move_phase(cycle.campaign, Phase.RESULTS_SENT, cycle.coordinator)  # pending remain
    cycle.accept_all(1)
    cycle.move(Phase.RESULTS_SENT)
    assert cycle.assessment("SCT").status == AssessmentStatus.APPRAISED_1
    assert Notification.objects.filter(user=cycle.staff["SCT"], kind="results.sent").exists()

    # Explanation: SCT explains 1.1 with new evidence and its leader signs off; SYT files nothing.
    cycle.move(Phase.EXPLANATION)
    response = cycle.response("SCT", "1.1")
    save_explanation(response, "Bổ sung biên bản 2 cuộc họp tháng 10", cycle.staff["SCT"])
    add_link_evidence(
        response,
        "https://example.gov.vn/bien-ban-bo-sung",
        "Biên bản bổ sung",
        cycle.staff["SCT"],
        stage=EvidenceStage.EXPLANATION,
    )
    with pytest.raises(AppraisalError):
        save_explanation(cycle.response("SCT", "1.2"), "Không bị điều chỉnh", cycle.staff["SCT"])
    submit_explanations(cycle.assessment("SCT"), cycle.leaders["SCT"])
    assert Notification.objects.filter(
        user=cycle.appraisers["SKHCN"], kind="explanation.filed"
    ).exists()

    # Round 2 only for SCT 1.1; SKHCN accepts 3 meetings after the explanation.
    cycle.close_explanations()
    cycle.move(Phase.APPRAISAL_2)
    assert cycle.assessment("SCT").status == AssessmentStatus.EXPLAINED
    assert cycle.assessment("SYT").status == AssessmentStatus.NO_EXPLANATION
    round_two = Appraisal.objects.filter(assessment__campaign=cycle.campaign, round=2)
    assert [(item.assessment.agency.code, item.response.indicator.code) for item in round_two] == [
        ("SCT", "1.1")
    ]
    adjust(cycle, "SCT", "1.1", {"meetings": "3"}, "Chấp nhận một phần giải trình", 2)

    # Council: two opinions, then the coordinator finalises.
    cycle.move(Phase.COUNCIL)
    assert Notification.objects.filter(user=cycle.council[0], kind="council.asked").exists()
    submit_opinion(cycle.campaign, verdict=Verdict.AGREE, comments="", by=cycle.council[0])
    with pytest.raises(AppraisalInvalid):
        submit_opinion(cycle.campaign, verdict=Verdict.DISAGREE, comments=" ", by=cycle.council[1])
    submit_opinion(
        cycle.campaign,
        verdict=Verdict.AGREE_WITH_COMMENTS,
        comments="Đề nghị rà soát chỉ số 2.1",
        by=cycle.council[1],
    )
    tally = council_tally(cycle.campaign)
    assert tally.counts == {"agree": 1, "agree_with_comments": 1, "disagree": 0}
    assert tally.not_answered == []
    cycle.move(Phase.FINALIZED)

    sct = Result.objects.get(assessment__agency__code="SCT")
    syt = Result.objects.get(assessment__agency__code="SYT")
    # SCT: 1.1 at 3 meetings = 15, 1.2 = 7.5, 2.1 = 10, 2.2 partial = 10 → 42.5 / 60
    assert (sct.points, sct.max_points, sct.dti_value) == (Decimal("42.50"), 60, Decimal("0.7083"))
    assert sct.indicators["1.1"]["self_points"] == "20.00"
    assert sct.indicators["1.1"]["points"] == "15.00"
    assert sct.indicators["1.1"]["round"] == 2
    # SYT (2.2 does not apply): 1.1 = 20, 1.2 = 10 × 1/4 = 2.5, 2.1 = 10 → 32.5 / 40
    assert (syt.points, syt.max_points, syt.dti_value) == (Decimal("32.50"), 40, Decimal("0.8125"))
    assert syt.indicators["1.2"]["reason"] == "Chỉ 1 cuộc do giám đốc chủ trì"
    assert (syt.rank, sct.rank) == (1, 2)
    assert sct.group_ranks == {"1": 1, "2": 2}  # group 1 tied at 22.5 / 30
    assert cycle.assessment("SCT").status == AssessmentStatus.FINAL


def test_appraisal_round_one_cannot_open_while_an_indicator_has_no_department():
    cycle = build_cycle(phase=Phase.SELF_ASSESSMENT)
    framework = cycle.campaign.frameworks.get()
    framework.assignments.filter(indicator__code="2.2").delete()
    with pytest.raises(CampaignError) as refused:
        move_phase(cycle.campaign, Phase.APPRAISAL_1, cycle.coordinator)
    assert "2.2" in refused.value.problems[0]


def test_an_adjustment_needs_a_reason_and_valid_values():
    cycle = build_cycle()
    with pytest.raises(AppraisalInvalid) as missing_reason:
        adjust(cycle, "SCT", "1.1", {"meetings": "2"}, " ")
    assert "reason" in missing_reason.value.errors
    with pytest.raises(AppraisalInvalid) as bad_value:
        adjust(cycle, "SCT", "1.2", {"chaired": "5", "total": "4"}, "Sai số liệu")
    assert "chaired" in bad_value.value.errors
    assert cycle.appraisal("SCT", "1.1").decision == Decision.PENDING


def test_every_change_is_kept_as_a_version():
    cycle = build_cycle()
    adjust(cycle, "SCT", "1.1", {"meetings": "2"}, "Thiếu biên bản")
    adjust(cycle, "SCT", "1.1", {"meetings": "3"}, "Tìm thấy thêm biên bản")
    versions = AppraisalVersion.objects.filter(appraisal=cycle.appraisal("SCT", "1.1"))
    assert [
        (item.version, item.before["values"], item.after["values"], item.reason)
        for item in versions
    ] == [
        (1, {"meetings": "4"}, {"meetings": "2"}, "Thiếu biên bản"),
        (2, {"meetings": "2"}, {"meetings": "3"}, "Tìm thấy thêm biên bản"),
    ]
    assert cycle.appraisal("SCT", "1.1").points == 15


# --- Several agencies and departments: the frozen results are the engine's -------------------

SELF_ANSWERS = {
    "SCT": {
        "1.1": {"meetings": "4"},
        "1.2": {"chaired": "3", "total": "4"},
        "2.1": {"plan": "yes", "drills": "2", "incidents": "0"},
        "2.2": {"level": "partial"},
    },
    "SYT": {
        "1.1": {"meetings": "3"},
        "1.2": {"chaired": "2", "total": "4"},
        "2.1": {"plan": "yes", "drills": "1", "incidents": "1"},
    },
    "SXD": {
        "1.1": {"meetings": "2"},
        "1.2": {"chaired": "4", "total": "4"},
        "2.1": {"plan": "no", "drills": "3", "incidents": "0"},
        "2.2": {"level": "full"},
    },
    "STC": {
        "1.1": {"meetings": "1"},
        "1.2": {"chaired": "0", "total": "0"},  # no meeting: the ratio does not apply
        "2.1": {"plan": "yes", "drills": "0", "incidents": "0"},
    },
}
DEPARTMENT_OF = {"1.1": "SKHCN", "1.2": "VPUB", "2.1": "SNV", "2.2": "SNV"}
ROUND_ONE_ADJUSTMENTS = {
    ("SCT", "1.1"): {"meetings": "2"},
    ("SYT", "2.1"): {"plan": "yes", "drills": "1", "incidents": "3"},
    ("SXD", "1.2"): {"chaired": "1", "total": "4"},
    ("SXD", "2.2"): {"level": "none"},
}
EXPLAINED = {"SCT": ["1.1"], "SXD": ["1.2", "2.2"]}  # SYT files nothing
# Round 2: None accepts the self-assessment; values adjust (to the round-1 ones: kept).
ROUND_TWO = {
    ("SCT", "1.1"): {"meetings": "3"},
    ("SXD", "1.2"): {"chaired": "1", "total": "4"},
    ("SXD", "2.2"): None,
}


def test_the_frozen_results_are_what_the_engine_computes_from_the_appraised_inputs():
    coordinator = make_user(Role.COORDINATOR)
    departments = {
        code: make_agency(code, Tier.DEPARTMENT, is_appraising_unit=True, is_assessed=False)
        for code in ("SKHCN", "VPUB", "SNV")
    }
    appraisers = {code: make_user(Role.APPRAISER, agency) for code, agency in departments.items()}
    agencies = {
        code: make_agency(
            code, Tier.DEPARTMENT, flags=["digital_economy"] if "2.2" in answers else []
        )
        for code, answers in SELF_ANSWERS.items()
    }
    campaign = make_campaign(agencies.values(), by=coordinator, deadlines=open_deadlines())
    leaders = {code: make_user(Role.AGENCY_LEADER, agency) for code, agency in agencies.items()}
    for code, answers in SELF_ANSWERS.items():
        assessment = campaign.assessments.get(agency__code=code)
        for response in assessment.responses.select_related("indicator"):
            values = answers[response.indicator.code]
            save_response(response, values=values, not_applicable=False, note="", by=leaders[code])
            attach_link(response, leaders[code])
        submit_assessment(assessment, leaders[code])
    framework = campaign.frameworks.get()
    set_assignments(
        framework,
        {
            (indicator.pk, departments[DEPARTMENT_OF[indicator.code]].pk)
            for indicator in framework.indicators.all()
        },
        coordinator,
    )

    def appraisal(agency: str, code: str, round_number: int):
        return Appraisal.objects.select_related(
            "response__indicator", "assessment__campaign", "assessment__framework"
        ).get(
            assessment__campaign=campaign,
            assessment__agency__code=agency,
            response__indicator__code=code,
            round=round_number,
        )

    def move(phase: str) -> None:
        campaign.refresh_from_db()
        move_phase(campaign, phase, coordinator)

    move(Phase.APPRAISAL_1)
    for (agency, code), values in ROUND_ONE_ADJUSTMENTS.items():
        item = appraisal(agency, code, 1)
        decide(
            item,
            expected_version=0,
            decision=Decision.ADJUSTED,
            values=values,
            reason="Hồ sơ chưa đủ",
            by=appraisers[DEPARTMENT_OF[code]],
        )
    for department, appraiser in appraisers.items():
        pending = Appraisal.objects.filter(
            assessment__campaign=campaign,
            decision=Decision.PENDING,
            response__indicator__assignments__department__code=department,
        ).select_related("assessment__campaign", "assessment__framework", "response__indicator")
        assert bulk_accept(list(pending), appraiser).skipped == {}
    move(Phase.RESULTS_SENT)
    move(Phase.EXPLANATION)
    for agency, codes in EXPLAINED.items():
        for code in codes:
            save_explanation(appraisal(agency, code, 1).response, "Bổ sung hồ sơ", leaders[agency])
        submit_explanations(campaign.assessments.get(agency__code=agency), leaders[agency])
    campaign.deadlines.filter(phase=Phase.EXPLANATION).update(due_at=timezone.now())
    move(Phase.APPRAISAL_2)
    for (agency, code), values in ROUND_TWO.items():
        item = appraisal(agency, code, 2)
        decide(
            item,
            expected_version=0,
            decision=Decision.ACCEPTED if values is None else Decision.ADJUSTED,
            values=values,
            reason="" if values is None else "Giải trình được chấp nhận một phần",
            by=appraisers[DEPARTMENT_OF[code]],
        )
    move(Phase.COUNCIL)
    members = [make_user(Role.COUNCIL_MEMBER) for _ in range(2)]
    submit_opinion(campaign, verdict=Verdict.AGREE, comments="", by=members[0])
    submit_opinion(campaign, verdict=Verdict.DISAGREE, comments="Xem lại 2.1", by=members[1])
    move(Phase.FINALIZED)

    definition = framework_definition(framework)
    for agency, answers in SELF_ANSWERS.items():
        appraised = {
            code: ROUND_ONE_ADJUSTMENTS.get((agency, code), values)
            for code, values in answers.items()
        }
        for (explained_by, code), values in ROUND_TWO.items():
            if explained_by == agency:
                appraised[code] = answers[code] if values is None else values
        expected = score_assessment(
            definition,
            {code: ResponseData(values) for code, values in appraised.items()},
            agencies[agency].flags_in(campaign.year),
        )
        result = Result.objects.get(assessment__campaign=campaign, assessment__agency__code=agency)
        assert (result.points, result.max_points, result.dti_value) == (
            expected.points,
            expected.max_points,
            expected.dti_value,
        ), agency
        assert {code: Decimal(line["points"]) for code, line in result.indicators.items()} == {
            code: score.points for code, score in expected.indicators.items()
        }, agency
