"""Each user reads only their own notifications, newest first; opening one marks it read and
follows its link; all can be marked read at once."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dti.agencies.models import Role
from dti.notifications.models import Notification
from dti.notifications.services import notify
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return make_user(Role.COUNCIL_MEMBER)


def titles(response):
    return [item.title for item in response.context["page"].object_list]


def test_the_list_shows_the_users_notifications_newest_first(client, member):
    other = make_user(Role.COUNCIL_MEMBER)
    notify([member], kind="test", title="Cũ", url="/campaigns/")
    notify([member], kind="test", title="Mới", url="/campaigns/")
    notify([other], kind="test", title="Của người khác")
    Notification.objects.filter(title="Cũ").update(
        created_at=timezone.now() - datetime.timedelta(days=1)
    )
    client.force_login(member)
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 200
    assert titles(response) == ["Mới", "Cũ"]
    assert "Của người khác" not in response.content.decode()


def test_unread_notifications_are_highlighted(client, member):
    notify([member], kind="test", title="Chưa đọc")
    notify([member], kind="test", title="Đã đọc")
    Notification.objects.filter(title="Đã đọc").update(read_at=timezone.now())
    client.force_login(member)
    html = client.get(reverse("notifications:list")).content.decode()
    items = html.split('<li class="notification')[1:]
    unread = [item for item in items if item.startswith(" notification--unread")]
    assert len(items) == 2
    assert len(unread) == 1
    assert "Chưa đọc" in unread[0]


def test_opening_a_notification_marks_it_read_and_follows_its_link(client, member):
    notify([member], kind="test", title="Mở", url="/campaigns/")
    notification = Notification.objects.get(user=member)
    client.force_login(member)
    response = client.post(reverse("notifications:read", kwargs={"pk": notification.pk}))
    assert response.status_code == 302
    assert response["Location"] == "/campaigns/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_a_notification_without_a_link_leads_back_to_the_list(client, member):
    notify([member], kind="test", title="Không có liên kết")
    client.force_login(member)
    notification = Notification.objects.get(user=member)
    response = client.post(reverse("notifications:read", kwargs={"pk": notification.pk}))
    assert response["Location"] == reverse("notifications:list")


def test_a_link_to_another_site_is_not_followed(client, member):
    notify([member], kind="test", title="Lạ", url="https://evil.example/")
    client.force_login(member)
    notification = Notification.objects.get(user=member)
    response = client.post(reverse("notifications:read", kwargs={"pk": notification.pk}))
    assert response["Location"] == reverse("notifications:list")


def test_another_users_notification_is_not_found_and_stays_unread(client, member):
    other = make_user(Role.COUNCIL_MEMBER)
    notify([other], kind="test", title="Riêng", url="/campaigns/")
    notification = Notification.objects.get(user=other)
    client.force_login(member)
    response = client.post(reverse("notifications:read", kwargs={"pk": notification.pk}))
    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_opening_needs_a_post(client, member):
    notify([member], kind="test", title="GET")
    notification = Notification.objects.get(user=member)
    client.force_login(member)
    assert (
        client.get(reverse("notifications:read", kwargs={"pk": notification.pk})).status_code == 405
    )
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_marks_only_the_users_own(client, member):
    other = make_user(Role.COUNCIL_MEMBER)
    notify([member, other], kind="test", title="Một")
    notify([member], kind="test", title="Hai")
    client.force_login(member)
    response = client.post(reverse("notifications:read_all"))
    assert response["Location"] == reverse("notifications:list")
    assert not Notification.objects.filter(user=member, read_at__isnull=True).exists()
    assert Notification.objects.get(user=other).read_at is None
    assert client.get(reverse("notifications:list")).context["unread_count"] == 0


def test_the_list_is_paginated_by_fifty(client, member):
    for number in range(51):
        notify([member], kind="test", title=f"Thông báo {number}")
    client.force_login(member)
    first = client.get(reverse("notifications:list"))
    assert len(titles(first)) == 50
    second = client.get(reverse("notifications:list"), {"page": 2})
    assert titles(second) == ["Thông báo 0"]


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
