"""Who may do what: one table, one function.

``PERMISSIONS`` maps an action to the roles allowed to take it and the scope of objects they may
take it on. Views and API endpoints call ``can`` (or ``require``); the URL × role test reads the
same table. A new action needs a row here before any view can use it.

Scopes:
- ``ALL``: every object of that kind.
- ``OWN_AGENCY``: only objects that belong to the user's own agency.
- ``ASSIGNED``: only objects about an indicator assigned to the user's (appraising) department.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .models import Role

ALL = "all"
OWN_AGENCY = "own_agency"
ASSIGNED = "assigned"

PERMISSIONS: dict[str, dict[str, str]] = {
    # Frameworks and agencies
    "framework.view": {
        Role.COORDINATOR: ALL,
        Role.WORKING_GROUP: ALL,
        Role.APPRAISER: ALL,
        Role.COUNCIL_MEMBER: ALL,
    },
    "framework.manage": {Role.COORDINATOR: ALL},
    "agency.view": {Role.COORDINATOR: ALL, Role.WORKING_GROUP: ALL},
    "agency.manage": {Role.COORDINATOR: ALL},
    "account.manage": {Role.COORDINATOR: ALL},
    # Campaigns: creation, deadlines, phase moves, extensions, the progress dashboard
    "campaign.view": {Role.COORDINATOR: ALL, Role.WORKING_GROUP: ALL},
    "campaign.manage": {Role.COORDINATOR: ALL},
    # An agency's assessment, its responses and evidence
    "assessment.view": {
        Role.COORDINATOR: ALL,
        Role.WORKING_GROUP: ALL,
        Role.AGENCY_STAFF: OWN_AGENCY,
        Role.AGENCY_LEADER: OWN_AGENCY,
    },
    "assessment.edit": {Role.AGENCY_STAFF: OWN_AGENCY, Role.AGENCY_LEADER: OWN_AGENCY},
    "assessment.mark_ready": {Role.AGENCY_STAFF: OWN_AGENCY, Role.AGENCY_LEADER: OWN_AGENCY},
    "assessment.submit": {Role.AGENCY_LEADER: OWN_AGENCY},
    "evidence.view": {
        Role.COORDINATOR: ALL,
        Role.WORKING_GROUP: ALL,
        Role.AGENCY_STAFF: OWN_AGENCY,
        Role.AGENCY_LEADER: OWN_AGENCY,
        Role.APPRAISER: ASSIGNED,
    },
    # Appraisal: who appraises what, the appraisals themselves, explanations, the council
    "assignment.view": {Role.COORDINATOR: ALL, Role.WORKING_GROUP: ALL, Role.APPRAISER: ALL},
    "assignment.manage": {Role.COORDINATOR: ALL},
    "appraisal.view": {
        Role.COORDINATOR: ALL,
        Role.WORKING_GROUP: ALL,
        Role.APPRAISER: ASSIGNED,
    },
    "appraisal.edit": {Role.APPRAISER: ASSIGNED, Role.WORKING_GROUP: ALL},
    "appraisal.consolidate": {Role.COORDINATOR: ALL, Role.WORKING_GROUP: ALL},
    "results.own": {Role.AGENCY_STAFF: OWN_AGENCY, Role.AGENCY_LEADER: OWN_AGENCY},
    "explanation.edit": {Role.AGENCY_STAFF: OWN_AGENCY, Role.AGENCY_LEADER: OWN_AGENCY},
    "explanation.submit": {Role.AGENCY_LEADER: OWN_AGENCY},
    "council.view": {Role.COORDINATOR: ALL, Role.WORKING_GROUP: ALL, Role.COUNCIL_MEMBER: ALL},
    "council.opinion": {Role.COUNCIL_MEMBER: ALL},
    "campaign.finalize": {Role.COORDINATOR: ALL},
    # Results: reports, PAR Index conversion, award proposals (the public portal needs no role)
    "results.view": {Role.COORDINATOR: ALL, Role.WORKING_GROUP: ALL, Role.COUNCIL_MEMBER: ALL},
    "report.generate": {Role.COORDINATOR: ALL, Role.WORKING_GROUP: ALL},
    "scorecard.own": {Role.AGENCY_STAFF: OWN_AGENCY, Role.AGENCY_LEADER: OWN_AGENCY},
    "par.manage": {Role.COORDINATOR: ALL},
    "award.manage": {Role.COORDINATOR: ALL},
    # JSON API clients (tokens for automatic measurement); API requests themselves carry a token
    "apiclient.manage": {Role.COORDINATOR: ALL},
    # The audit trail: reading and exporting it (nobody may change it)
    "audit.view": {Role.COORDINATOR: ALL},
}


def agency_id_of(obj: Any) -> int | None:
    """The agency an object belongs to: itself, its ``agency_id`` or its ``owner_agency_id``."""
    from .models import Agency

    if isinstance(obj, Agency):
        return obj.pk
    for attribute in ("agency_id", "owner_agency_id"):
        if hasattr(obj, attribute):
            return getattr(obj, attribute)
    raise TypeError(f"{type(obj).__name__} has no agency to check a scope against")


def indicator_id_of(obj: Any) -> int:
    """The indicator an object is about: a response, an appraisal or evidence of a response."""
    if hasattr(obj, "indicator_id"):
        return obj.indicator_id
    response = getattr(obj, "response", None)
    if response is not None:
        return response.indicator_id
    raise TypeError(f"{type(obj).__name__} is not about one indicator")


def _assigned(user: Any, obj: Any) -> bool:
    from dti.appraisals.models import Assignment

    if user.agency_id is None:
        return False
    return Assignment.objects.filter(
        indicator_id=indicator_id_of(obj), department_id=user.agency_id
    ).exists()


def _in_scope(user: Any, scope: str, obj: Any) -> bool:
    if scope == ALL or obj is None:
        return True
    if scope == OWN_AGENCY:
        return user.agency_id is not None and agency_id_of(obj) == user.agency_id
    if scope == ASSIGNED:
        return _assigned(user, obj)
    raise ValueError(f"unknown scope {scope!r}")


def can(user: Any, action: str, obj: Any = None) -> bool:
    """May ``user`` take ``action`` (on ``obj``, when the action concerns one object)?"""
    if action not in PERMISSIONS:
        raise KeyError(f"action {action!r} is not in the permission table")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    scope = PERMISSIONS[action].get(user.role)
    return scope is not None and _in_scope(user, scope, obj)


def require(user: Any, action: str, obj: Any = None) -> None:
    if not can(user, action, obj):
        raise PermissionDenied(action)


def permission_required(action: str) -> Callable:
    """View decorator: anonymous users go to the login page, others without the right get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            require(request.user, action)
            return view(request, *args, **kwargs)

        wrapped.permission_action = action
        return wrapped

    return decorator
