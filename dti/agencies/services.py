"""Account changes. Every change to a user goes through here."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from .models import ROLES_WITH_AGENCY, Agency, Role, User

COORDINATOR_GROUP = "Coordinators"
# Django-admin rights of coordinators: raw edits of the platform's own data.
COORDINATOR_APPS = ("agencies", "frameworks")


class AccountError(ValueError):
    pass


def coordinator_group() -> Group:
    """The auth group that lets coordinators use Django admin on the platform's data."""
    group, _created = Group.objects.get_or_create(name=COORDINATOR_GROUP)
    permissions = Permission.objects.filter(content_type__app_label__in=COORDINATOR_APPS)
    group.permissions.set(permissions)
    return group


@transaction.atomic
def create_account(
    *,
    username: str,
    password: str,
    role: str,
    agency: Agency | None = None,
    full_name: str = "",
    email: str = "",
    password_is_hashed: bool = False,
    must_change_password: bool = False,
) -> User:
    """Create an account. ``password_is_hashed`` takes an already hashed password (e.g. the
    demo's many accounts sharing one password, hashed once); ``must_change_password`` makes the
    user choose their own at the next sign-in."""
    if role not in Role.values:
        raise AccountError(f"unknown role {role!r}")
    if role in ROLES_WITH_AGENCY and agency is None:
        raise AccountError(f"the role {role} needs an agency")
    user = User(
        username=username,
        role=role,
        agency=agency,
        full_name=full_name,
        email=email,
        must_change_password=must_change_password,
    )
    user.is_staff = role == Role.COORDINATOR
    if password_is_hashed:
        user.password = password
    else:
        user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    if role == Role.COORDINATOR:
        user.groups.add(coordinator_group())
    return user
