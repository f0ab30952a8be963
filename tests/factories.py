"""Factories for the objects most tests need."""

from __future__ import annotations

import itertools

from dti.agencies.models import Agency, Role, Tier, User
from dti.agencies.services import create_account

_numbers = itertools.count(1)
PASSWORD = "test-password-123"


def make_agency(code: str | None = None, tier: str = Tier.DEPARTMENT, **fields) -> Agency:
    number = next(_numbers)
    return Agency.objects.create(
        code=code or f"A{number}", name=fields.pop("name", f"Cơ quan {number}"), tier=tier, **fields
    )


def make_user(
    role: str = Role.AGENCY_STAFF, agency: Agency | None = None, username: str | None = None
) -> User:
    if agency is None and role in (Role.AGENCY_STAFF, Role.AGENCY_LEADER, Role.APPRAISER):
        agency = make_agency()
    return create_account(
        username=username or f"user{next(_numbers)}", password=PASSWORD, role=role, agency=agency
    )
