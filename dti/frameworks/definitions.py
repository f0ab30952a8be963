"""From framework models to the scoring engine's definitions, in one place, cached.

The cache key includes ``Framework.content_token``, which every content change renews, so a
process never scores against a stale definition (nor against another framework that reused a
primary key, e.g. after a restore).
"""

from __future__ import annotations

from functools import lru_cache

from dti.scoring import FrameworkDef, GroupDef, IndicatorDef, LocalText
from dti.scoring.spec import Problems, build_indicator

from .models import Framework, Indicator


class DefinitionError(ValueError):
    """The stored indicator cannot be turned into a rule (e.g. after a bad raw edit)."""

    def __init__(self, indicator_code: str, problems: Problems):
        self.problems = problems
        details = "; ".join(problem.render() for problem in problems)
        super().__init__(f"indicator {indicator_code}: {details}")


def indicator_spec(indicator: Indicator, criteria=None) -> dict:
    """The scoring part of an indicator, in the framework document's shape."""
    criteria = indicator.criteria.all() if criteria is None else criteria
    return {
        "code": indicator.code,
        "name": {"vi": indicator.name_vi, "en": indicator.name_en},
        "max_points": indicator.max_points,
        "rule": indicator.rule,
        "inputs": indicator.inputs,
        "constraints": indicator.constraints,
        "deductions": indicator.deductions,
        "bonuses": indicator.bonuses,
        "criteria": [
            {
                "code": criterion.code,
                "name": {"vi": criterion.name_vi, "en": criterion.name_en},
                "max_points": criterion.max_points,
                "rule": criterion.rule,
            }
            for criterion in criteria
        ],
        "applies_to": indicator.applies_to,
        "may_be_not_applicable": indicator.may_be_not_applicable,
    }


def indicator_definition(spec: dict) -> IndicatorDef:
    problems = Problems()
    definition = build_indicator(spec, spec["code"], problems)
    if problems or definition is None:
        raise DefinitionError(spec["code"], problems)
    return definition


def framework_definition(framework: Framework) -> FrameworkDef:
    return _cached_definition(framework.pk, framework.content_token)


@lru_cache(maxsize=64)
def _cached_definition(framework_id: int, content_token) -> FrameworkDef:
    framework = Framework.objects.get(pk=framework_id)
    groups = framework.groups.prefetch_related("indicators__criteria").order_by("order")
    return FrameworkDef(
        code=framework.code,
        title=LocalText(framework.title_vi, framework.title_en),
        groups=tuple(
            GroupDef(
                code=group.code,
                name=LocalText(group.name_vi, group.name_en),
                max_points=group.max_points,
                indicators=tuple(
                    indicator_definition(indicator_spec(indicator))
                    for indicator in group.indicators.all()
                ),
            )
            for group in groups
        ),
    )
