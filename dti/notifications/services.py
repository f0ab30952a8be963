"""Notifying users: a message in the application at once, and the same by e-mail, sent by a
background job (dti/notifications/jobs.py) for those who have an address."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.utils import timezone, translation

from .jobs import queue_emails
from .models import Notification


def notify(
    users: Iterable,
    *,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    params: Mapping[str, Any] | None = None,
) -> int:
    """Create one notification per active user and queue the e-mails of those with an address.

    ``title`` and ``body`` are lazy translations or plain text, rendered in the platform's
    language whoever triggers the notification; ``params`` fill their ``%(name)s`` placeholders
    after the translation (so a message with values is translated as a whole). The e-mail job
    starts after the transaction commits, so a rolled-back action sends nothing. Returns the
    number of users notified.
    """
    recipients = [user for user in users if user.is_active]
    with translation.override(settings.LANGUAGE_CODE):
        title_text, body_text = str(title), str(body)
        if params is not None:
            title_text, body_text = title_text % params, body_text % params
    created = Notification.objects.bulk_create(
        Notification(
            user=user,
            kind=kind,
            title=title_text[:255],
            body=body_text,
            url=url,
            email=user.email,
        )
        for user in recipients
    )
    queue_emails([item.pk for item in created if item.email])
    return len(recipients)


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def mark_all_read(user) -> int:
    """Mark every unread notification of ``user`` read; returns how many."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
