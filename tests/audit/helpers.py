"""Audit events with chosen contents and times, for the audit trail's tests."""

from __future__ import annotations

import datetime
from unittest import mock
from zoneinfo import ZoneInfo

from dti.audit.models import AuditEvent

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def hanoi_time(*args: int) -> datetime.datetime:
    """A moment given as Hanoi wall-clock time, e.g. ``hanoi_time(2025, 11, 25, 0, 10)``."""
    return datetime.datetime(*args, tzinfo=HANOI)


def make_event(
    *,
    actor=None,
    action: str = "response.save",
    object_type: str = "assessments.response",
    object_id: str = "1",
    object_repr: str = "Response",
    agency=None,
    before=None,
    after=None,
    reason: str = "",
    ip_address: str | None = "10.0.0.1",
    at: datetime.datetime | None = None,
) -> AuditEvent:
    """One event as ``record`` would write it; ``at`` sets its time (``at`` is set on insert)."""
    fields = {
        "actor": actor,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "object_repr": object_repr,
        "agency": agency,
        "before": before,
        "after": after,
        "reason": reason,
        "ip_address": ip_address,
    }
    if at is None:
        return AuditEvent.objects.create(**fields)
    with mock.patch("django.utils.timezone.now", return_value=at):
        return AuditEvent.objects.create(**fields)
