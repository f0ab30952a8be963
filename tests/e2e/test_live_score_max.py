"""The indicator page shows the applicable maximum next to the points: on load as the server
computed it from the stored answer, and as the user types from the live preview, lower when a
sub-criterion does not apply (2.1's drills when no drill was planned)."""

from __future__ import annotations

import pytest

from dti.assessments.models import Response
from dti.assessments.services import save_response
from tests.assessments.applicable_max_helpers import (
    framework_with_a_sub_criterion_that_may_not_apply,
)
from tests.assessments.excel_form_helpers import open_assessment
from tests.factories import PASSWORD

from .browser import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_maximum_follows_the_sub_criteria_that_apply_as_the_user_types(people, steps):
    assessment, staff = open_assessment(
        framework=framework_with_a_sub_criterion_that_may_not_apply()
    )
    response = Response.objects.get(assessment=assessment, indicator__code="2.1")
    save_response(
        response,
        values={"plan": "yes", "drills": "0", "planned": "0"},  # as the form stores them
        not_applicable=False,
        note="",
        by=staff,
    )
    page = people.signed_in(staff.username, PASSWORD)
    points = page.locator("[data-score=points]")
    maximum = page.locator("[data-score=max]")

    with steps.step(page, "Chỉ số 2.1 không có diễn tập dự kiến: điểm tối đa 6"):
        page.goto(f"/assessments/{assessment.pk}/indicators/2.1/")
        expect(points).to_have_text("6")
        expect(maximum).to_have_text("6")

    with steps.step(page, "Nhập 2 lần dự kiến, 1 lần diễn tập: điểm tối đa lên 10"):
        page.fill("input[name=planned]", "2")
        page.fill("input[name=drills]", "1")
        expect(points).to_have_text("8")
        expect(maximum).to_have_text("10")

    with steps.step(page, "Xoá số lần dự kiến về 0: điểm tối đa lại là 6"):
        page.fill("input[name=drills]", "0")
        page.fill("input[name=planned]", "0")
        expect(points).to_have_text("6")
        expect(maximum).to_have_text("6")

    assert steps.untranslated == []
