"""Helpers for the tests of the appraisers' workspace (pages over tests/appraisals/cycle.py)."""

from __future__ import annotations

from django.urls import reverse

from dti.agencies.models import Role, Tier
from dti.appraisals.models import Appraisal
from dti.appraisals.services import set_assignments
from dti.assessments.services import save_response
from dti.campaigns.models import Campaign, Phase
from dti.campaigns.services import move_phase
from tests.appraisals.cycle import ASSIGNMENT_PLAN
from tests.assessments.helpers import FULL_ANSWERS, close_self_assessment, open_deadlines
from tests.factories import make_agency, make_campaign, make_user


def item_url(appraisal: Appraisal) -> str:
    return reverse("appraisals:item", kwargs={"appraisal_id": appraisal.pk})


def queue_url(campaign: Campaign) -> str:
    return reverse("appraisals:queue", kwargs={"campaign_id": campaign.pk})


def adjust_post(appraisal: Appraisal, values: dict[str, str], reason: str, **extra) -> dict:
    """The decision form's POST data adjusting ``appraisal`` to ``values``."""
    data = {"decision": "adjusted", "reason": reason, "version": appraisal.version, **extra}
    data |= {f"appraised-{code}": value for code, value in values.items()}
    return data


def accept_post(appraisal: Appraisal, **extra) -> dict:
    return {"decision": "accepted", "reason": "", "version": appraisal.version, **extra}


def appraisal_campaign(agency_count: int, prefix: str, departments: dict, coordinator):
    """A campaign of ``agency_count`` answered agencies in appraisal round 1, appraised by
    ``departments`` (codes of tests.appraisals.cycle.ASSIGNMENT_PLAN → agencies)."""
    agencies = [
        make_agency(
            f"{prefix}{number}", Tier.DEPARTMENT, flags=["digital_economy"] if number % 2 else []
        )
        for number in range(agency_count)
    ]
    campaign = make_campaign(
        agencies, by=coordinator, deadlines=open_deadlines(), phase=Phase.SELF_ASSESSMENT
    )
    for assessment in campaign.assessments.select_related("agency", "framework"):
        staff = make_user(Role.AGENCY_STAFF, assessment.agency)
        for response in assessment.responses.select_related("indicator"):
            response.assessment = assessment
            save_response(
                response,
                values=FULL_ANSWERS[response.indicator.code],
                not_applicable=False,
                note="",
                by=staff,
            )
    framework = campaign.frameworks.get()
    indicators = {item.code: item.pk for item in framework.indicators.all()}
    set_assignments(
        framework,
        {
            (indicators[code], departments[department].pk)
            for code, department in ASSIGNMENT_PLAN.items()
        },
        coordinator,
    )
    close_self_assessment(campaign)
    move_phase(campaign, Phase.APPRAISAL_1, coordinator)
    campaign.refresh_from_db()
    return campaign


def appraising_departments() -> dict:
    return {
        code: make_agency(
            code, Tier.DEPARTMENT, name=f"Sở {code}", is_appraising_unit=True, is_assessed=False
        )
        for code in ("SKHCN", "VPUB")
    }
