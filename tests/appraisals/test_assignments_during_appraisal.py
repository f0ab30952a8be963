"""While a campaign using the framework is under appraisal (round 1 to the end of round 2) the
coordinator may move an indicator to another department but not leave it without one — on the
grid and by Excel import alike, with a refusal naming the indicators; before round 1 and from the
council on, the matrix may be changed freely."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from dti.appraisals.assignment_excel import write_assignments
from dti.appraisals.assignment_selectors import assigned_pairs, pairs_fingerprint
from dti.appraisals.models import Assignment
from dti.appraisals.services import AppraisalError, set_assignments
from dti.audit.models import AuditEvent
from dti.campaigns.models import Phase
from tests.appraisals.assignments_helpers import open_sheet, workbook_bytes
from tests.appraisals.cycle import ASSIGNMENT_PLAN, build_cycle

pytestmark = pytest.mark.django_db

REFUSAL = (
    "Indicators 1.1, 1.2 would be left without an appraising department while “DTI 2025” is "
    "in the phase “{phase}”: from appraisal round 1 to the end of round 2 every indicator needs "
    "one (another department may take it over)."
)


def in_phase(phase):
    cycle = build_cycle()
    if phase != Phase.APPRAISAL_1:
        cycle.accept_all(1)
        cycle.close_explanations()
        cycle.move(phase)
    return cycle


def plan_pairs(cycle, plan: dict[str, str]) -> set[tuple[int, int]]:
    framework = cycle.campaign.frameworks.get()
    indicators = {item.code: item.pk for item in framework.indicators.all()}
    return {(indicators[code], cycle.departments[unit].pk) for code, unit in plan.items()}


def saved_plan(cycle) -> dict[str, list[str]]:
    plan: dict[str, list[str]] = {}
    for code, unit in Assignment.objects.order_by("indicator__order").values_list(
        "indicator__code", "department__code"
    ):
        plan.setdefault(code, []).append(unit)
    return plan


WITHOUT_SKHCN = {code: unit for code, unit in ASSIGNMENT_PLAN.items() if unit != "SKHCN"}
BEFORE = {code: [unit] for code, unit in ASSIGNMENT_PLAN.items()}


@pytest.mark.parametrize(
    "phase", [Phase.APPRAISAL_1, Phase.RESULTS_SENT, Phase.EXPLANATION, Phase.APPRAISAL_2]
)
def test_leaving_indicators_without_a_department_under_appraisal_is_refused_naming_them(phase):
    cycle = in_phase(phase)
    framework = cycle.campaign.frameworks.get()
    updates = AuditEvent.objects.filter(action="assignment.update").count()
    with translation.override("en"):
        with pytest.raises(AppraisalError) as refused:
            set_assignments(framework, plan_pairs(cycle, WITHOUT_SKHCN), cycle.coordinator)
        assert str(refused.value) == REFUSAL.format(phase=Phase(phase).label)
    assert saved_plan(cycle) == BEFORE
    assert AuditEvent.objects.filter(action="assignment.update").count() == updates


def test_moving_an_indicator_to_another_department_under_appraisal_is_allowed():
    cycle = in_phase(Phase.APPRAISAL_1)
    framework = cycle.campaign.frameworks.get()
    set_assignments(
        framework, plan_pairs(cycle, {**ASSIGNMENT_PLAN, "1.2": "VPUB"}), cycle.coordinator
    )
    assert saved_plan(cycle) == {**BEFORE, "1.2": ["VPUB"]}


def test_from_the_council_on_an_indicator_may_be_left_without_a_department():
    """Nothing is appraised any more; a reopening brings round 2, and the guard, back."""
    cycle = in_phase(Phase.APPRAISAL_2)
    cycle.accept_all(2)
    cycle.move(Phase.COUNCIL)
    framework = cycle.campaign.frameworks.get()
    set_assignments(framework, plan_pairs(cycle, WITHOUT_SKHCN), cycle.coordinator)
    assert saved_plan(cycle) == {"2.1": ["VPUB"], "2.2": ["VPUB"]}


@pytest.fixture
def english_coordinator(client):
    cycle = in_phase(Phase.APPRAISAL_1)
    client.force_login(cycle.coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return cycle


def test_the_grid_shows_the_refusal_and_keeps_the_ticks(client, english_coordinator):
    cycle = english_coordinator
    framework = cycle.campaign.frameworks.get()
    ticked = plan_pairs(cycle, WITHOUT_SKHCN)
    response = client.post(
        reverse("appraisals:assignments", args=[framework.pk]),
        {
            "assigned": [f"{indicator}:{department}" for indicator, department in ticked],
            "fingerprint": pairs_fingerprint(assigned_pairs(framework)),
        },
    )
    assert response.status_code == 200
    assert [str(message) for message in response.context["messages"]] == [
        REFUSAL.format(phase="Appraisal, round 1")
    ]
    assert REFUSAL.format(phase="Appraisal, round 1") in response.content.decode()
    assert saved_plan(cycle) == BEFORE


def test_the_excel_import_shows_the_refusal(client, english_coordinator):
    cycle = english_coordinator
    framework = cycle.campaign.frameworks.get()
    sheet = open_sheet(write_assignments(framework))
    sheet["D3"] = None  # 1.1 no longer SKHCN
    sheet["D4"] = None  # 1.2 no longer SKHCN
    response = client.post(
        reverse("appraisals:assignments_import", args=[framework.pk]),
        {"file": SimpleUploadedFile("phan-cong.xlsx", workbook_bytes(sheet))},
    )
    assert response.status_code == 200
    assert [problem.reason for problem in response.context["problems"]] == [
        REFUSAL.format(phase="Appraisal, round 1")
    ]
    assert REFUSAL.format(phase="Appraisal, round 1") in response.content.decode()
    assert saved_plan(cycle) == BEFORE
