"""Notifying users: a message in the application, and the same by e-mail where they have one."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation

from .models import Notification

logger = logging.getLogger(__name__)


def notify(users: Iterable, *, kind: str, title: str, body: str = "", url: str = "") -> int:
    """Create one notification per active user and e-mail those with an address.

    ``title`` and ``body`` are lazy translations or plain text; they are rendered in the
    platform's language. E-mails go out after the transaction commits, so a rolled-back action
    sends nothing. Returns the number of users notified.
    """
    recipients = [user for user in users if user.is_active]
    with translation.override(settings.LANGUAGE_CODE):
        title_text, body_text = str(title), str(body)
    Notification.objects.bulk_create(
        Notification(user=user, kind=kind, title=title_text[:255], body=body_text, url=url)
        for user in recipients
    )
    addresses = sorted({user.email for user in recipients if user.email})
    if addresses:
        link = f"{settings.SITE_URL}{url}" if url else ""
        message = "\n\n".join(part for part in (body_text, link) if part)
        transaction.on_commit(lambda: _send(title_text, message, addresses))
    return len(recipients)


def _send(subject: str, message: str, addresses: list[str]) -> None:
    try:
        for address in addresses:
            send_mail(subject, message, settings.DEFAULT_FROM_EMAIL, [address])
    except OSError:
        logger.exception("notification e-mail could not be sent")


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def mark_all_read(user) -> int:
    """Mark every unread notification of ``user`` read; returns how many."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
