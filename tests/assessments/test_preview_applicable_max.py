"""The live preview and the indicator page show the indicator's applicable maximum: lower than
its own when one of its sub-criteria does not apply, as the saved score and the explanation say
(tests/e2e/test_live_score_max.py checks that the page follows the preview as the user types)."""

import pytest
from django.urls import reverse

from dti.assessments.models import Response
from dti.assessments.services import save_response
from tests.assessments.applicable_max_helpers import (
    framework_with_a_sub_criterion_that_may_not_apply,
)
from tests.assessments.excel_form_helpers import logged_in, open_assessment

pytestmark = pytest.mark.django_db


def test_the_preview_gives_the_maximum_without_the_sub_criterion_that_does_not_apply(client):
    assessment, staff = open_assessment(
        framework=framework_with_a_sub_criterion_that_may_not_apply()
    )
    logged_in(client, staff)

    preview = client.post(
        reverse("assessments:preview", args=[assessment.pk, "2.1"]),
        {"plan": "yes", "drills": "0", "planned": "0"},
    ).json()

    assert (preview["points"], preview["max_points"]) == ("6", "6")


def test_the_page_shows_the_maximum_of_the_stored_answer_where_the_preview_updates_it(client):
    assessment, staff = open_assessment(
        framework=framework_with_a_sub_criterion_that_may_not_apply()
    )
    response = Response.objects.get(assessment=assessment, indicator__code="2.1")
    save_response(
        response,
        values={"plan": "yes", "drills": "0", "planned": "0"},
        not_applicable=False,
        note="",
        by=staff,
    )
    logged_in(client, staff)

    page = client.get(reverse("assessments:indicator", args=[assessment.pk, "2.1"]))

    assert '<span data-score="max">6</span>' in page.content.decode()
