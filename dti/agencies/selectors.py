"""Reads for the agency pages."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from dti.frameworks.models import Framework, Indicator

from .models import Agency, AgencyFlag


def agencies_filtered(
    tier: str = "", flag: str = "", query: str = "", year: int | None = None
) -> QuerySet[Agency]:
    """Agencies by tier, by a flag (of ``year``, or of any year) and by text in name or code."""
    agencies = Agency.objects.prefetch_related("yearly_flags")
    if tier:
        agencies = agencies.filter(tier=tier)
    if query:
        agencies = agencies.filter(Q(name__icontains=query) | Q(code__icontains=query))
    if flag:
        flagged = AgencyFlag.objects.filter(flag=flag)
        if year is not None:
            flagged = flagged.filter(year=year)
        agencies = agencies.filter(pk__in=flagged.values("agency_id"))
    return agencies


def flags_by_agency(agencies: Iterable[Agency], year: int) -> dict[int, frozenset[str]]:
    """The flags of ``year`` of each agency (by primary key), in one query. A year has few
    flags (a handful of departments), so all of them are read rather than a list of thousands
    of agencies sent to the database."""
    flags: dict[int, set[str]] = {agency.pk: set() for agency in agencies}
    for agency_id, flag in AgencyFlag.objects.filter(year=year).values_list("agency_id", "flag"):
        if agency_id in flags:
            flags[agency_id].add(flag)
    return {agency_id: frozenset(found) for agency_id, found in flags.items()}


@dataclass
class FrameworkApplicability:
    framework: Framework
    applicable: list[Indicator]
    not_applicable: list[Indicator]


def applicability_for(agency: Agency) -> list[FrameworkApplicability]:
    """For every framework of the agency's tier: which indicators apply to it (by its flags of
    the framework's year) and which do not."""
    frameworks = Framework.objects.filter(tier=agency.tier).prefetch_related("indicators")
    result = []
    for framework in frameworks:
        if not agency.is_active_in(framework.year):
            continue
        indicators = sorted(framework.indicators.all(), key=lambda item: item.order)
        flags = agency.flags_in(framework.year)
        applicable = [item for item in indicators if item.applies_to_flags(flags)]
        not_applicable = [item for item in indicators if item not in applicable]
        result.append(FrameworkApplicability(framework, applicable, not_applicable))
    return result
