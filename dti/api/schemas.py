"""What the JSON API reads and writes, with explicit types (they make the OpenAPI document).

Conventions, also stated in the document's description:
- Every decimal quantity (points, maxima, DTI values, input bounds) is a JSON *string* holding a
  plain decimal number ("7.50", "0.8125"), so that no client loses precision to binary floats.
  Counts and ranks are integers.
- Times are ISO 8601 with their offset; dates are ISO 8601 (YYYY-MM-DD).
- Texts that exist in two languages come as ``*_vi`` and ``*_en`` (``*_en`` may be empty).
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from ninja import Schema
from pydantic import AwareDatetime, ConfigDict, Field

DECIMAL_PATTERN = r"^-?\d+(\.\d+)?$"
DecimalText = Annotated[
    str, Field(pattern=DECIMAL_PATTERN, description="A decimal number as a string, e.g. 7.50")
]

# Limits of a measurement: the same as the web form's, and what fits in Response.source.
MAX_VALUE_LENGTH = 200
MAX_SOURCE_LENGTH = 150
MAX_INPUTS = 50


class FieldError(Schema):
    field: str = Field(
        description="Where the problem is: a field of the body ('values.<input code>', "
        "'measured_at'), 'path.<parameter>', 'body' for the body as a whole, or '' for the "
        "request."
    )
    message: str


class ErrorOut(Schema):
    """Every error of the API (4xx and 5xx) has this shape."""

    detail: str = Field(description="What went wrong, in one sentence.")
    errors: list[FieldError] = Field(default_factory=list)


# Frameworks


class FrameworkSummary(Schema):
    id: int
    code: str
    version: int
    year: int
    tier: str = Field(description="department, commune or district")
    title_vi: str
    title_en: str
    legal_reference: str = Field(description="Number of the decision that issued it")
    legal_reference_date: datetime.date | None
    status: str = Field(description="active or retired (drafts are not published)")
    max_points: DecimalText


class ChoiceOut(Schema):
    value: str
    label_vi: str
    label_en: str


class InputOut(Schema):
    code: str
    type: str = Field(description="integer, decimal, percent, boolean, date or choice")
    label_vi: str
    label_en: str
    unit: str
    minimum: str | None = Field(description="Lower bound (a decimal or a date), if any")
    maximum: str | None = Field(description="Upper bound (a decimal or a date), if any")
    required: bool
    choices: list[ChoiceOut] = Field(description="The allowed values of a choice input")


class CriterionOut(Schema):
    code: str
    name_vi: str
    name_en: str
    max_points: DecimalText
    rule_type: str


class IndicatorOut(Schema):
    code: str
    name_vi: str
    name_en: str
    max_points: DecimalText
    rule_type: str = Field(
        description="ratio, steps, boolean, choice, sum, formula or manual (see the framework "
        "format documentation)"
    )
    measurement: str = Field(description="self (entered by the agency) or automatic (API)")
    evidence_required: bool
    applies_to: str = Field(description="'all', or the agency flag it needs")
    may_be_not_applicable: bool
    constraints: list[str] = Field(description="Cross-field constraints, e.g. 'online <= total'")
    inputs: list[InputOut]
    criteria: list[CriterionOut] = Field(description="Sub-criteria whose points are summed")


class GroupOut(Schema):
    code: str
    name_vi: str
    name_en: str
    max_points: DecimalText
    indicators: list[IndicatorOut]


class FrameworkDetail(FrameworkSummary):
    groups: list[GroupOut]


# Campaigns


class CampaignFrameworkOut(Schema):
    tier: str
    framework_id: int
    code: str
    version: int


class DeadlineOut(Schema):
    phase: str
    due_at: datetime.datetime


class CampaignOut(Schema):
    id: int
    year: int
    title: str
    plan_reference: str
    phase: str = Field(
        description="preparation, self_assessment, appraisal_1, results_sent, explanation, "
        "appraisal_2, council, finalized or published"
    )
    published_at: datetime.datetime | None = Field(description="When the results were published")
    frameworks: list[CampaignFrameworkOut]
    deadlines: list[DeadlineOut]


class AssessmentStatusOut(Schema):
    agency_code: str
    agency_name: str
    tier: str
    status: str = Field(
        description="draft, submitted, appraised_1, explained, no_explanation, appraised_2 or final"
    )
    answered_count: int = Field(description="Applicable indicators answered in full")
    applicable_count: int = Field(description="Indicators that apply to the agency")
    submitted_at: datetime.datetime | None


# Published results


class PublishedCampaignOut(Schema):
    campaign_id: int
    year: int
    title: str
    published_at: datetime.datetime


class GroupResultOut(Schema):
    code: str
    points: DecimalText
    max_points: DecimalText
    rank: int | None = Field(description="Rank within the tier on this group alone")


class ResultOut(Schema):
    agency_code: str
    agency_name: str
    rank: int = Field(description="Within the tier; ties share a rank")
    points: DecimalText
    max_points: DecimalText
    dti_value: DecimalText = Field(description="points / max_points, 4 decimals")
    rank_low: int | None = Field(description="Best rank under perturbed group weights")
    rank_high: int | None = Field(description="Worst rank under perturbed group weights")
    rank_robust: bool | None = Field(description="Whether the rank holds under the perturbation")
    groups: list[GroupResultOut]


class TierResultsOut(Schema):
    tier: str
    framework_code: str
    framework_version: int
    results: list[ResultOut]


class CampaignResultsOut(Schema):
    campaign_id: int
    year: int
    title: str
    published_at: datetime.datetime
    tiers: list[TierResultsOut]


# Automatic measurement

# Which JSON types an input takes depends on the indicator (see its ``inputs`` in the framework),
# so the document leaves values open and the service checks each one, naming it when it fails
# in one sentence (a union of types here would answer with one error per type instead).
InputValue = Any
InputCode = Annotated[str, Field(min_length=1, max_length=64)]


class MeasurementIn(Schema):
    model_config = ConfigDict(extra="forbid")

    values: dict[InputCode, InputValue] = Field(
        max_length=MAX_INPUTS,
        description="The indicator's inputs by code, each a single JSON value: numbers as JSON "
        "numbers or plain decimal strings ('12.5'), booleans as true/false, dates as "
        "'YYYY-MM-DD', choices by value, texts of at most 200 characters. Every required input "
        "must be given; null leaves an optional input empty.",
    )
    source: str = Field(
        "",
        max_length=MAX_SOURCE_LENGTH,
        description="Where the values were measured",
        examples=["Cổng DVC quốc gia"],
    )
    measured_at: AwareDatetime = Field(
        description="When the values were measured, with the offset; not before 2000, not in "
        "the future",
        examples=["2025-10-31T00:00:00+07:00"],
    )


class AssessmentTotalsOut(Schema):
    self_points: DecimalText
    self_max_points: DecimalText
    self_dti_value: DecimalText | None
    answered_count: int
    applicable_count: int


class MeasurementOut(Schema):
    campaign_id: int
    agency_code: str
    indicator_code: str
    values: dict[str, str] = Field(
        description="The values as stored: numbers as plain decimals, booleans as yes/no, "
        "dates as YYYY-MM-DD"
    )
    status: str = Field(description="scored, unanswered, invalid or not_applicable")
    points: DecimalText
    max_points: DecimalText
    source: str = Field(description="'api:<client name> — <source>', as shown in the interface")
    measured_at: datetime.datetime
    assessment: AssessmentTotalsOut = Field(description="The agency's self-assessed totals")
