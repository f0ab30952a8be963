"""Notification e-mails as a background job ("notification_emails"), queued by ``notify`` as
reminders are (dti/campaigns/jobs.py): the request that notifies only creates the job.

Each e-mail is sent once: the notification's ``emailed_at`` is set in the transaction that sends
it, and only while it is empty, so a retried job — or the same job run twice at once — sends only
what was not sent yet. An address that fails does not stop the others; the job then fails naming
them and, on the queue, is tried again (for those only).
"""

from __future__ import annotations

import csv
import io
import logging
from contextvars import ContextVar

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dti.audit.services import record
from dti.core.spreadsheets import csv_safe_row
from dti.jobs.models import Job
from dti.jobs.registry import JobOutput, ProgressReport, job_kind
from dti.jobs.services import dispatch

from .models import Notification

logger = logging.getLogger(__name__)

NOTIFICATION_EMAILS = "notification_emails"
SENT = "sent"
ALREADY_SENT = "already sent"


class UnsentEmails(Exception):
    """Some e-mails of the job could not be sent; the others were."""


# Whether this thread (or task) is serving a web request: set by the request signals that
# NotificationsConfig.ready connects.
_serving_a_request: ContextVar[bool] = ContextVar("serving_a_request", default=False)


def request_started(**_kwargs) -> None:
    _serving_a_request.set(True)


def request_finished(**_kwargs) -> None:
    _serving_a_request.set(False)


def queue_emails(notification_ids: list[int]) -> Job | None:
    """The job that e-mails these notifications, started once the current transaction commits.

    Notified from a page, the job runs as the jobs a user starts do: in a background thread
    (JOBS_BACKEND=thread), so the page does not wait for the mail server. Notified from a
    management command (the demo loader), it runs to the end at commit as scheduled jobs do: a
    background thread would be cut off when the command ends. On the queue (celery) a worker
    runs it either way.
    """
    if not notification_ids:
        return None
    job = Job.objects.create(
        kind=NOTIFICATION_EMAILS, params={"notification_ids": sorted(notification_ids)}
    )
    record(
        None,
        "job.start",
        job,
        after={"kind": NOTIFICATION_EMAILS, "e-mails": len(notification_ids)},
    )
    in_background = _serving_a_request.get()
    transaction.on_commit(lambda: dispatch(job.pk, in_background=in_background))
    return job


def email_text(notification: Notification) -> str:
    """The e-mail's body: the notification's message and its link on the platform."""
    link = f"{settings.SITE_URL.rstrip('/')}{notification.url}" if notification.url else ""
    return "\n\n".join(part for part in (notification.body, link) if part)


def send_once(notification: Notification) -> bool:
    """E-mail the notification unless that was done already (False then). A failed send
    raises and leaves it unsent, for the next attempt."""
    with transaction.atomic():
        claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        if not claimed:
            return False
        send_mail(
            notification.title,
            email_text(notification),
            settings.DEFAULT_FROM_EMAIL,
            [notification.email],
        )
    return True


@job_kind(NOTIFICATION_EMAILS, action="campaign.manage", label=gettext_lazy("Notification e-mails"))
def send_notification_emails_job(job: Job, report: ProgressReport) -> JobOutput:
    """``params``: ``notification_ids``. The result is a CSV file: who was e-mailed."""
    notifications = list(
        Notification.objects.filter(pk__in=job.params.get("notification_ids", []))
        .exclude(email="")
        .select_related("user")
        .order_by("pk")
    )
    rows, failures = [], []
    for number, notification in enumerate(notifications, start=1):
        try:
            sent = send_once(notification)
        except Exception as error:  # one bad address or a dropped connection: go on
            logger.exception("notification e-mail %s could not be sent", notification.pk)
            failures.append(f"{notification.email}: {error!r}")
        else:
            rows.append((notification, SENT if sent else ALREADY_SENT))
        report(
            round(100 * number / len(notifications)),
            _("%(done)s of %(total)s e-mails") % {"done": number, "total": len(notifications)},
        )
    if failures:
        raise UnsentEmails(
            f"{len(failures)} of {len(notifications)} e-mails not sent: " + "; ".join(failures)
        )
    return JobOutput(
        f"thong-bao-{timezone.localdate():%Y%m%d}-{job.pk}.csv",
        _summary_csv(rows).encode("utf-8-sig"),
        "text/csv",
    )


def _summary_csv(rows: list[tuple[Notification, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["notification_id", "kind", "username", "email", "result"])
    for notification, result in rows:
        writer.writerow(
            csv_safe_row(
                [
                    notification.pk,
                    notification.kind,
                    notification.user.username,
                    notification.email,
                    result,
                ]
            )
        )
    return buffer.getvalue()
