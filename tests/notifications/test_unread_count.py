"""The header's unread count: one query for a signed-in user, nothing for visitors."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import timezone

from dti.agencies.models import Role
from dti.notifications.context_processors import unread_notifications
from dti.notifications.models import Notification
from dti.notifications.services import notify
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def request_for(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_it_counts_the_users_unread_notifications_in_one_query(django_assert_num_queries):
    user = make_user(Role.COUNCIL_MEMBER)
    other = make_user(Role.COUNCIL_MEMBER)
    notify([user, other], kind="test", title="Một")
    notify([user], kind="test", title="Hai")
    notify([user], kind="test", title="Ba")
    Notification.objects.filter(user=user, title="Ba").update(read_at=timezone.now())
    with django_assert_num_queries(1):
        assert unread_notifications(request_for(user)) == {"unread_notifications": 2}


def test_visitors_get_no_count(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert unread_notifications(request_for(AnonymousUser())) == {}
