"""Writing audit events: every service that changes state calls ``record``."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from .context import current_ip
from .models import AuditEvent

# record(..., agency=NO_AGENCY): the event names no agency, e.g. the deletion of an agency,
# which an event pointing to it would block.
NO_AGENCY = object()


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(item) for item in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def record(
    actor: Any,
    action: str,
    obj: Any,
    *,
    before: Any = None,
    after: Any = None,
    reason: str = "",
    agency: Any = None,
) -> AuditEvent:
    """Append one audit event for a state change of ``obj`` made by ``actor``."""
    if agency is None:
        agency = _agency_of(obj)
    elif agency is NO_AGENCY:
        agency = None
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        ip_address=current_ip(),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        agency=agency,
        before=_jsonable(before),
        after=_jsonable(after),
        reason=reason,
    )


def _agency_of(obj: Any) -> Any:
    """The agency an object concerns: itself, its ``agency`` or its assessment's agency."""
    if obj._meta.label_lower == "agencies.agency":
        return obj
    if hasattr(obj, "agency"):
        return obj.agency
    assessment = getattr(obj, "assessment", None)
    return assessment.agency if assessment is not None else None
