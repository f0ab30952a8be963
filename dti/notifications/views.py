"""The user's own notifications: the list, opening one (which marks it read), marking all read."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from .models import Notification
from .services import mark_all_read, mark_read

NOTIFICATIONS_PER_PAGE = 50


@login_required
@require_GET
def notification_list(request):
    notifications = request.user.notifications.order_by("-created_at", "-id")
    page = Paginator(notifications, NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    unread_count = notifications.filter(read_at__isnull=True).count()
    return render(request, "notifications/list.html", {"page": page, "unread_count": unread_count})


@login_required
@require_POST
def notification_read(request, pk):
    """Mark the notification read and follow its link. Another user's notification is not
    found: its existence is not revealed."""
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    mark_read(notification)
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notification.url)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request):
    # Marking read is the user's own bookkeeping (not audited, like ``mark_read``).
    mark_all_read(request.user)
    return redirect("notifications:list")
