"""The number of unread notifications, for the link in the page header."""

from .models import Notification


def unread_notifications(request) -> dict[str, int]:
    """``unread_notifications`` for signed-in users (one query); nothing for visitors."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": Notification.objects.filter(user=user, read_at__isnull=True).count()
    }
