"""Sign-in lock-out after repeated failures, built on django-axes.

``settings.AXES_FAILURE_LIMIT`` failed passwords for one username from one address lock that pair
for ``settings.AXES_COOLOFF_TIME``. The lock-out is logged and, when the username is an account,
recorded in the audit trail (``account.lockout``); the person sees a page that says what to do;
the coordinator can lift it sooner from the account's page (``unlock_account``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db import transaction
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone

from dti.audit.services import record

from .models import User
from .permissions import require

logger = logging.getLogger(__name__)


def client_ip(request) -> str | None:
    """The client's address as the audit trail takes it (see dti.audit.context)."""
    return request.META.get("REMOTE_ADDR") or None


class LockoutBackend(AxesStandaloneBackend):
    """Refuses a sign-in from a locked-out username and address before any password is checked.

    Only a sign-in over HTTP has an address to lock; authentication without a request (the shell,
    the test client's ``login``) has nothing to throttle and goes on to the next backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class AuditedLockoutHandler(AxesDatabaseHandler):
    """django-axes' database handler that also logs and audits the failure that locks."""

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is None or not getattr(request, "axes_locked_out", False):
            return
        # Every further attempt during the lock-out counts on; only the one that locks is news.
        if request.axes_failures_since_start != get_failure_limit(request, credentials):
            return
        username = get_client_username(request, credentials)
        _report_lockout(username, request.axes_ip_address, request.axes_failures_since_start)


def _report_lockout(username: str | None, ip_address: str | None, failures: int) -> None:
    minutes = lockout_minutes()
    logger.warning(
        "Sign-in locked for %s minutes: username %r from %s after %s failed attempts",
        minutes,
        username,
        ip_address,
        failures,
    )
    account = User.objects.filter(username=username).first() if username else None
    if account is not None:
        record(
            None,
            "account.lockout",
            account,
            after={"failures": failures, "locked_minutes": minutes, "from": ip_address},
        )


def lockout_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out person sees instead of the sign-in form (AXES_LOCKOUT_CALLABLE)."""
    return render(
        request,
        "registration/locked_out.html",
        {
            "username": get_client_username(request, credentials) or "",
            "failure_limit": get_failure_limit(request, credentials),
            "lockout_minutes": lockout_minutes(),
        },
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


# --- The coordinator's view and action ----------------------------------------------------------


@dataclass(frozen=True)
class Lockout:
    """One address from which the account cannot sign in now."""

    ip_address: str | None
    failures: int
    last_attempt: datetime
    until: datetime


def lockouts_of(account: User) -> list[Lockout]:
    """The addresses from which ``account`` is locked out now (empty: it is not locked)."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    rows = (
        AccessAttempt.objects.filter(username=account.username, attempt_time__gte=since)
        .values("ip_address")
        .annotate(failures=Sum("failures_since_start"), last_attempt=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("ip_address")
    )
    return [
        Lockout(
            ip_address=row["ip_address"],
            failures=row["failures"],
            last_attempt=row["last_attempt"],
            until=row["last_attempt"] + settings.AXES_COOLOFF_TIME,
        )
        for row in rows
    ]


@transaction.atomic
def unlock_account(account: User, by: User) -> bool:
    """Forget the failed sign-ins of ``account`` so it can sign in again at once.

    Returns whether the account was locked out; only then is ``account.unlock`` recorded.
    """
    require(by, "account.manage")
    locked = lockouts_of(account)
    reset(username=account.username)
    if not locked:
        return False
    record(
        by,
        "account.unlock",
        account,
        before={"locked_from": [lockout.ip_address for lockout in locked]},
        after={"locked_from": []},
    )
    logger.info("Sign-in of %r unlocked by %r", account.username, by.username)
    return True
