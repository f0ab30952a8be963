"""Reads for the framework pages, each with the queries it needs and no more."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from dti.agencies.models import Agency, AgencyFlag
from dti.core.formatting import ui_renderer
from dti.scoring.describe import describe_constraint, describe_indicator, describe_input

from .definitions import DefinitionError, framework_definition
from .models import Framework, Group, Indicator


def frameworks_overview() -> QuerySet[Framework]:
    return Framework.objects.annotate(
        indicator_count=Count("indicators", distinct=True),
        unconfirmed_count=Count(
            "indicators", filter=Q(indicators__source_confirmed=False), distinct=True
        ),
    )


@dataclass
class IndicatorRow:
    indicator: Indicator
    explanation: list[str]
    inputs: list[str]
    constraints: list[str]


@dataclass
class GroupBlock:
    group: Group
    rows: list[IndicatorRow]


def framework_tree(framework: Framework) -> list[GroupBlock]:
    """Groups with their indicators and each rule explained in the active language."""
    indicators = Indicator.objects.prefetch_related("criteria").order_by("order")
    groups = framework.groups.prefetch_related(Prefetch("indicators", queryset=indicators))
    renderer = ui_renderer()
    try:
        definition = framework_definition(framework)
    except DefinitionError:
        definition = None
    blocks = []
    for group in groups.order_by("order"):
        rows = []
        for indicator in group.indicators.all():
            explanation, inputs, constraints = [], [], []
            if definition is not None:
                indicator_def = definition.indicator(indicator.code)
                explanation = describe_indicator(indicator_def, renderer)
                inputs = [describe_input(spec, renderer) for spec in indicator_def.inputs]
                labels = {spec.code: spec.label for spec in indicator_def.inputs}
                constraints = [
                    describe_constraint(constraint, labels, renderer)
                    for constraint in indicator_def.constraints
                ]
            rows.append(IndicatorRow(indicator, explanation, inputs, constraints))
        blocks.append(GroupBlock(group, rows))
    return blocks


def unconfirmed_items(framework: Framework) -> list[tuple[str, object, list[str]]]:
    """(kind, object, names of the unconfirmed fields) for every group and indicator not
    confirmed."""
    items: list[tuple[str, object, list[str]]] = []
    for group in framework.groups.filter(source_confirmed=False).order_by("order"):
        items.append(("group", group, group.unconfirmed_labels))
    for indicator in framework.indicators.filter(source_confirmed=False).order_by("order"):
        items.append(("indicator", indicator, indicator.unconfirmed_labels))
    return items


@dataclass
class ApplicabilityRow:
    agency: Agency
    applicable: list[bool]
    count: int


def applicability_matrix(
    framework: Framework,
) -> tuple[list[Indicator], list[ApplicabilityRow], int]:
    """Agencies of the framework's tier × the indicators that depend on a flag, by each
    agency's flags of the framework's year.

    Indicators that apply to every agency are summarised as a count instead of columns.
    """
    indicators = list(framework.indicators.order_by("order"))
    conditional = [item for item in indicators if item.applies_to != "all"]
    universal = len(indicators) - len(conditional)
    agencies = Agency.objects.filter(tier=framework.tier, is_assessed=True).prefetch_related(
        Prefetch("yearly_flags", queryset=AgencyFlag.objects.filter(year=framework.year))
    )
    rows = []
    for agency in agencies:
        if not agency.is_active_in(framework.year):
            continue
        flags = agency.flags_in(framework.year)
        applicable = [item.applies_to_flags(flags) for item in conditional]
        rows.append(ApplicabilityRow(agency, applicable, universal + sum(applicable)))
    return conditional, rows, universal
