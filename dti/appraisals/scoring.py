"""Appraised points, computed by the same engine as the self-assessment."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from dti.assessments.models import Assessment, Response
from dti.assessments.scoring import response_data
from dti.frameworks.definitions import framework_definition
from dti.scoring import AssessmentScore, score_assessment

from .models import Appraisal, Decision


def final_appraisals(appraisals: Iterable[Appraisal]) -> dict[int, Appraisal]:
    """Per response id, the appraisal that counts: round 2 once decided, otherwise round 1."""
    final: dict[int, Appraisal] = {}
    for appraisal in sorted(appraisals, key=lambda item: item.round):
        counts = appraisal.round == 1 or appraisal.decision != Decision.PENDING
        if counts:
            final[appraisal.response_id] = appraisal
    return final


def appraised_score(
    assessment: Assessment, responses: Iterable[Response], appraisals: Iterable[Appraisal]
) -> AssessmentScore:
    """The assessment scored on the appraised values (self values where nothing was decided)."""
    definition = framework_definition(assessment.framework)
    final = final_appraisals(appraisals)
    data = {}
    for response in responses:
        indicator = definition.indicator(response.indicator.code)
        appraisal = final.get(response.pk)
        if appraisal is not None and appraisal.decision != Decision.PENDING:
            data[indicator.code] = response_data(
                indicator, appraisal.values, appraisal.not_applicable
            )
        else:
            data[indicator.code] = response_data(
                indicator, response.values, response.not_applicable
            )
    return score_assessment(definition, data, assessment.flag_set)


@transaction.atomic
def refresh_appraised_totals(assessment: Assessment) -> None:
    """Recompute the appraised totals and counts kept on the assessment (one assessment: a
    few queries and one engine run), after any appraisal decision.

    The assessment row is locked before the appraisals are read: two decisions on items of
    one agency committing at the same time would otherwise each write totals computed without
    the other's item (on PostgreSQL, the second waits here and then reads the first)."""
    Assessment.objects.select_for_update().filter(pk=assessment.pk).values_list("pk").first()
    responses = list(assessment.responses.select_related("indicator"))
    appraisals = list(Appraisal.objects.filter(assessment=assessment))
    score = appraised_score(assessment, responses, appraisals)
    final = final_appraisals(appraisals).values()
    assessment.appraised_points = score.points
    assessment.appraised_max_points = score.max_points
    assessment.appraised_dti_value = score.dti_value
    assessment.adjusted_count = sum(1 for item in final if item.decision == Decision.ADJUSTED)
    assessment.pending_count = sum(1 for item in appraisals if item.decision == Decision.PENDING)
    assessment.save(
        update_fields=[
            "appraised_points",
            "appraised_max_points",
            "appraised_dti_value",
            "adjusted_count",
            "pending_count",
        ]
    )
