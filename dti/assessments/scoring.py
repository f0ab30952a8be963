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
    """What a user typed, as stored and scored: localised numbers ("1.234,5" in Vietnamese)
    made plain ("1234.5") in the language active while they typed. Applied once, on the way in
    (form, live preview, Excel cells); stored values are never normalised again, so a value
    typed in one language reads the same in the other."""
    values = {}
    for spec in indicator.inputs:
        raw = raw_values.get(spec.code)
        if isinstance(raw, str) and spec.kind in NUMERIC_KINDS:
            raw = sanitize_separators(raw.strip())
        values[spec.code] = raw
    return values


def response_data(
    indicator: IndicatorDef, values: Mapping[str, Any], not_applicable: bool
) -> ResponseData:
    """Stored (already normalised) values as engine data."""
    known = {spec.code for spec in indicator.inputs}
    return ResponseData(
        values={code: value for code, value in values.items() if code in known},
        not_applicable=not_applicable,
    )


def score_response(
    indicator: IndicatorDef, values: Mapping[str, Any], not_applicable: bool = False
) -> IndicatorScore:
    """The points of normalised values (see ``normalized_values`` for what users type)."""
    return engine_score_indicator(indicator, response_data(indicator, values, not_applicable))


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
