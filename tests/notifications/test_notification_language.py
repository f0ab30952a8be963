"""Notifications are written in the platform's language (Vietnamese), title and message alike,
whatever the language of the user whose action sends them; so are their e-mails."""

import pytest
from django.core import mail
from django.urls import reverse

from dti.appraisals.services import save_explanation
from dti.campaigns.models import Phase
from dti.notifications.models import Notification
from tests.appraisals.explanation_helpers import adjusted_cycle

pytestmark = pytest.mark.django_db


def test_a_leader_using_english_sends_a_notification_wholly_in_vietnamese(
    client, settings, django_capture_on_commit_callbacks
):
    cycle = adjusted_cycle(Phase.EXPLANATION)
    appraiser = cycle.appraisers["SKHCN"]
    appraiser.email = "thamdinh@example.gov.vn"
    appraiser.save(update_fields=["email"])
    save_explanation(cycle.response("SCT", "1.1"), "Bổ sung biên bản", cycle.staff["SCT"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(cycle.leaders["SCT"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("appraisals:submit_explanations", args=[cycle.assessment("SCT").pk])
        )
    assert response.status_code == 302
    notification = Notification.objects.get(user=appraiser, kind="explanation.filed")
    assert notification.title == "Có cơ quan đã gửi giải trình"
    assert notification.body == (
        "Sở Công Thương đã giải trình 1 chỉ số bị điều chỉnh trong DTI 2025."
    )
    [message] = mail.outbox
    assert (message.subject, message.body.split("\n\n")[0]) == (
        notification.title,
        notification.body,
    )
