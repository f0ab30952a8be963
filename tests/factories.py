"""Factories for the objects most tests need."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from dti.agencies.models import Agency, AgencyFlag, Role, Tier, User
from dti.agencies.services import create_account

_numbers = itertools.count(1)
PASSWORD = "test-password-123"


def make_agency(
    code: str | None = None,
    tier: str = Tier.DEPARTMENT,
    *,
    flags: Iterable[str] = (),
    flags_year: int = 2025,
    **fields,
) -> Agency:
    """An agency with ``flags`` in ``flags_year`` (the year of ``make_campaign``'s campaigns)."""
    number = next(_numbers)
    agency = Agency.objects.create(
        code=code or f"A{number}", name=fields.pop("name", f"Cơ quan {number}"), tier=tier, **fields
    )
    AgencyFlag.objects.bulk_create(
        AgencyFlag(agency=agency, year=flags_year, flag=flag) for flag in flags
    )
    return agency


def make_user(
    role: str = Role.AGENCY_STAFF, agency: Agency | None = None, username: str | None = None
) -> User:
    if agency is None and role in (Role.AGENCY_STAFF, Role.AGENCY_LEADER, Role.APPRAISER):
        agency = make_agency()
    return create_account(
        username=username or f"user{next(_numbers)}", password=PASSWORD, role=role, agency=agency
    )


def make_campaign(
    agencies, framework=None, *, phase="self_assessment", by=None, year=2025, deadlines=None
):
    """A campaign over ``agencies`` with the small test framework, moved to ``phase``."""
    from dti.campaigns.models import Campaign
    from dti.campaigns.services import create_campaign
    from dti.frameworks.services import load_framework
    from tests.frameworks.helpers import small_document

    if framework is None:
        from dti.frameworks.models import Framework

        framework = Framework.objects.filter(code="TEST-SMALL").first() or load_framework(
            small_document()
        )
    by = by or make_user(Role.COORDINATOR)
    campaign = create_campaign(
        year=year,
        title=f"DTI {year}",
        plan_reference="KH thử",
        frameworks=[framework],
        agencies=list(agencies),
        by=by,
        deadlines=deadlines,
    )
    Campaign.objects.filter(pk=campaign.pk).update(phase=phase)
    campaign.refresh_from_db()
    return campaign
