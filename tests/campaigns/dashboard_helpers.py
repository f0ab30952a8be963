"""Setups shared by the dashboard, export and reminder tests."""

import datetime

from django.utils import timezone

from dti.assessments.models import Response
from dti.assessments.services import save_response, submit_assessment
from dti.campaigns.models import Phase
from dti.campaigns.services import default_deadlines
from tests.assessments.helpers import FULL_ANSWERS, attach_link


def deadlines_from_now(days: int) -> dict:
    """A campaign's deadlines with the self-assessment one ``days`` from now (negative: past)."""
    deadlines = default_deadlines(timezone.localdate().year)
    deadlines[Phase.SELF_ASSESSMENT] = timezone.now() + datetime.timedelta(days=days)
    return deadlines


def answer(assessment, user, codes, *, with_evidence=False):
    """Answer the given indicators of the small framework as ``user`` (staff or leader)."""
    for code in codes:
        response = Response.objects.get(assessment=assessment, indicator__code=code)
        save_response(response, values=FULL_ANSWERS[code], not_applicable=False, note="", by=user)
        if with_evidence:
            attach_link(response, user)


def answer_all_and_submit(assessment, leader):
    codes = assessment.responses.values_list("indicator__code", flat=True)
    answer(assessment, leader, list(codes), with_evidence=True)
    submit_assessment(assessment, leader)
    assessment.refresh_from_db()
