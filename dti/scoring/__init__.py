"""The DTI scoring engine: pure Python, no Django.

It takes a framework definition (``FrameworkDef``) and what an agency entered per indicator
(``ResponseData``) and returns points per indicator, group and total, the DTI value and, for each
indicator, a ``Trace`` that explains the points. ``spec`` builds definitions from plain dicts (the
framework files); ``ranking`` ranks agencies within a tier. See ``numbers`` for the rounding rule.
"""

from .inputs import Choice, Constraint, InputSpec, ValidatedInputs, validate_inputs
from .messages import LocalText, Message, Renderer
from .model import FrameworkDef, GroupDef, IndicatorDef
from .ranking import rank_by_value, ranking_order
from .scoring import (
    INVALID,
    NOT_APPLICABLE,
    SCORED,
    UNANSWERED,
    AssessmentScore,
    GroupScore,
    IndicatorScore,
    ResponseData,
    ScoreMemo,
    Trace,
    aggregate_scores,
    score_assessment,
    score_indicator,
)

__all__ = [
    "INVALID",
    "NOT_APPLICABLE",
    "SCORED",
    "UNANSWERED",
    "AssessmentScore",
    "Choice",
    "Constraint",
    "FrameworkDef",
    "GroupDef",
    "GroupScore",
    "IndicatorDef",
    "IndicatorScore",
    "InputSpec",
    "LocalText",
    "Message",
    "Renderer",
    "ResponseData",
    "ScoreMemo",
    "Trace",
    "ValidatedInputs",
    "aggregate_scores",
    "rank_by_value",
    "ranking_order",
    "score_assessment",
    "score_indicator",
    "validate_inputs",
]
