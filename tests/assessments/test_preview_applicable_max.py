"""The live preview shows the indicator's applicable maximum: lower than its own when one of
its sub-criteria does not apply, as the saved score and the explanation say."""

import pytest
from django.urls import reverse

from dti.frameworks.services import load_framework
from tests.assessments.excel_form_helpers import logged_in, open_assessment
from tests.frameworks.helpers import small_document

pytestmark = pytest.mark.django_db


def framework_with_a_sub_criterion_that_may_not_apply():
    """2.1 = plan (6 points) + drills per planned drill (4 points, not applicable when no
    drill was planned)."""
    document = small_document()
    indicator = document["groups"][1]["indicators"][0]
    indicator["inputs"].append({"code": "planned", "type": "integer", "label": "Số lần dự kiến"})
    indicator["criteria"][1]["rule"] = {
        "type": "ratio",
        "numerator": "drills",
        "denominator": "planned",
        "if_denominator_zero": "not_applicable",
    }
    indicator["constraints"] = ["drills <= planned"]
    indicator["examples"] = [{"inputs": {"plan": True, "drills": 0, "planned": 0}, "points": 6}]
    return load_framework(document)


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
