"""When an agency's leader signs off its explanations, the appraisers of the departments that
appraise the explained indicators and the working group are notified — in the platform's
language (Vietnamese) whatever the leader's — and e-mailed by the job once the sign-off is
committed; nobody else is."""

import pytest
from django.core import mail
from django.urls import reverse

from dti.agencies.models import Role
from dti.appraisals.services import save_explanation
from dti.campaigns.models import Phase
from dti.jobs.models import Job, JobStatus
from dti.notifications.jobs import NOTIFICATION_EMAILS
from dti.notifications.models import Notification
from tests.appraisals.explanation_helpers import adjusted_cycle
from tests.factories import make_user

pytestmark = pytest.mark.django_db

TITLE = "Có cơ quan đã gửi giải trình"
BODY = "Sở Công Thương đã giải trình 1 chỉ số bị điều chỉnh trong DTI 2025."


def with_address(user, address: str):
    user.email = address
    user.save(update_fields=["email"])
    return user


@pytest.fixture
def cycle():
    """SCT's 1.1 (appraised by SKHCN) was cut in round 1 and SCT's staff explained it; SYT's
    1.2 too, unexplained. Everyone has an address, a second SKHCN appraiser included."""
    cycle = adjusted_cycle(Phase.EXPLANATION)
    save_explanation(cycle.response("SCT", "1.1"), "Bổ sung biên bản", cycle.staff["SCT"])
    people = {
        "skhcn": cycle.appraisers["SKHCN"],
        "skhcn2": make_user(Role.APPRAISER, cycle.departments["SKHCN"]),
        "vpub": cycle.appraisers["VPUB"],
        "tcv": cycle.working_group,
        "dieuphoi": cycle.coordinator,
        "hoidong": cycle.council[0],
        "canbo.sct": cycle.staff["SCT"],
        "lanhdao.sct": cycle.leaders["SCT"],
        "canbo.syt": cycle.staff["SYT"],
    }
    for name, user in people.items():
        with_address(user, f"{name}@example.gov.vn")
    return cycle


def sign_off_in_english(client, settings, cycle):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(cycle.leaders["SCT"])
    response = client.post(
        reverse("appraisals:submit_explanations", args=[cycle.assessment("SCT").pk])
    )
    assert response.status_code == 302


def test_the_explained_indicators_departments_and_the_working_group_get_it_by_email(
    client, settings, cycle, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        sign_off_in_english(client, settings, cycle)
    notified = Notification.objects.filter(kind="explanation.filed")
    assert sorted(notified.values_list("email", flat=True)) == [
        "skhcn2@example.gov.vn",
        "skhcn@example.gov.vn",
        "tcv@example.gov.vn",
    ]
    job = Job.objects.get(kind=NOTIFICATION_EMAILS)
    assert (job.status, mail.outbox) == (JobStatus.QUEUED, [])  # nothing before the commit

    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert sorted(address for message in mail.outbox for address in message.to) == [
        "skhcn2@example.gov.vn",
        "skhcn@example.gov.vn",
        "tcv@example.gov.vn",
    ]


def test_the_email_is_in_vietnamese_and_links_to_the_agencys_round_two_items(
    client, settings, cycle, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_off_in_english(client, settings, cycle)
    queue = reverse("appraisals:queue", kwargs={"campaign_id": cycle.campaign.pk})
    link = f"http://127.0.0.1:8000{queue}?agency=SCT&round=2"
    assert {(message.subject, message.body) for message in mail.outbox} == {
        (TITLE, f"{BODY}\n\n{link}")
    }
