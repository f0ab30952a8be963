"""Scoring stored responses with the engine: the one place that maps them to engine data."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.formats import sanitize_separators

from dti.frameworks.definitions import framework_definition
from dti.scoring import AssessmentScore, IndicatorDef, IndicatorScore, ResponseData
from dti.scoring import score_assessment as engine_score_assessment
from dti.scoring import score_indicator as engine_score_indicator
from dti.scoring.inputs import NUMERIC_KINDS

from .models import Assessment, Response


def normalized_values(indicator: IndicatorDef, raw_values: Mapping[str, Any]) -> dict[str, Any]:
    """Values as the engine reads them: localised numbers ("1.234,5") made plain ("1234.5")."""
    values = {}
    for spec in indicator.inputs:
        raw = raw_values.get(spec.code)
        if isinstance(raw, str) and spec.kind in NUMERIC_KINDS:
            raw = sanitize_separators(raw.strip())
        values[spec.code] = raw
    return values


def response_data(
    indicator: IndicatorDef, raw_values: Mapping[str, Any], not_applicable: bool
) -> ResponseData:
    return ResponseData(
        values=normalized_values(indicator, raw_values), not_applicable=not_applicable
    )


def score_response(
    indicator: IndicatorDef, raw_values: Mapping[str, Any], not_applicable: bool = False
) -> IndicatorScore:
    return engine_score_indicator(indicator, response_data(indicator, raw_values, not_applicable))


def score_assessment(
    assessment: Assessment, responses: Iterable[Response] | None = None
) -> AssessmentScore:
    """The self-assessed score of the whole assessment, from its stored responses."""
    definition = framework_definition(assessment.framework)
    if responses is None:
        responses = assessment.responses.select_related("indicator")
    data = {}
    for response in responses:
        indicator = definition.indicator(response.indicator.code)
        data[indicator.code] = response_data(indicator, response.values, response.not_applicable)
    return engine_score_assessment(definition, data, assessment.flag_set)
