"""Reads for the agency pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from dti.frameworks.models import Framework, Indicator

from .models import Agency


def agencies_filtered(tier: str = "", flag: str = "", query: str = "") -> QuerySet[Agency]:
    agencies = Agency.objects.all()
    if tier:
        agencies = agencies.filter(tier=tier)
    if query:
        agencies = agencies.filter(name__icontains=query) | agencies.filter(code__icontains=query)
    if flag:
        # Flags are a short JSON list; filter in Python so SQLite and PostgreSQL agree.
        return Agency.objects.filter(pk__in=[a.pk for a in agencies if flag in a.flag_set])
    return agencies


@dataclass
class FrameworkApplicability:
    framework: Framework
    applicable: list[Indicator]
    not_applicable: list[Indicator]


def applicability_for(agency: Agency) -> list[FrameworkApplicability]:
    """For every framework of the agency's tier: which indicators apply to it and which do not."""
    frameworks = Framework.objects.filter(tier=agency.tier).prefetch_related("indicators")
    result = []
    for framework in frameworks:
        if not agency.is_active_in(framework.year):
            continue
        indicators = sorted(framework.indicators.all(), key=lambda item: item.order)
        applicable = [item for item in indicators if item.applies_to_flags(agency.flag_set)]
        not_applicable = [item for item in indicators if item not in applicable]
        result.append(FrameworkApplicability(framework, applicable, not_applicable))
    return result
