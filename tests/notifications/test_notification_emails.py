"""Notification e-mails go out as a background job, as reminders do: the action that notifies
creates the in-app notifications at once and queues one job (run in the background when the
action came from a page); the job sends each e-mail once, also when it is run again, and an
address that fails does not stop the others."""

import pytest
from django.core import mail
from django.urls import reverse

from dti.agencies.models import Role
from dti.appraisals.services import save_explanation
from dti.campaigns.models import Phase
from dti.jobs.models import Job, JobStatus
from dti.jobs.services import open_result, run_job
from dti.notifications import jobs
from dti.notifications.jobs import NOTIFICATION_EMAILS
from dti.notifications.models import Notification
from dti.notifications.services import notify
from tests.appraisals.explanation_helpers import adjusted_cycle
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def member(email: str = ""):
    user = make_user(Role.COUNCIL_MEMBER)
    user.email = email
    user.save(update_fields=["email"])
    return user


def addresses() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_the_action_queues_one_job_and_shows_the_notifications_at_once(
    django_capture_on_commit_callbacks,
):
    users = [member("a@example.gov.vn"), member("b@example.gov.vn"), member()]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(users, kind="test", title="Xin ý kiến", body="Nội dung", url="/hoi-dong/")
    assert Notification.objects.count() == 3  # in the application before anything is sent
    job = Job.objects.get(kind=NOTIFICATION_EMAILS)
    assert job.status == JobStatus.QUEUED
    assert len(job.params["notification_ids"]) == 2  # the user without an address gets none
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert addresses() == ["a@example.gov.vn", "b@example.gov.vn"]
    assert mail.outbox[0].subject == "Xin ý kiến"
    assert mail.outbox[0].body == "Nội dung\n\nhttp://127.0.0.1:8000/hoi-dong/"


def test_nothing_is_queued_when_no_one_has_an_address():
    notify([member()], kind="test", title="Không có thư")
    assert not Job.objects.exists()


def test_a_job_run_again_sends_nothing_twice(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify([member("a@example.gov.vn")], kind="test", title="Một lần")
    job = Job.objects.get(kind=NOTIFICATION_EMAILS)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED)  # a redelivered message
    run_job(job.pk, max_attempts=2)
    assert addresses() == ["a@example.gov.vn"]
    job.refresh_from_db()
    with open_result(job) as result:
        assert "already sent" in result.read().decode("utf-8-sig")


def test_a_failing_address_does_not_stop_the_others_and_only_it_is_tried_again(
    monkeypatch, django_capture_on_commit_callbacks
):
    real_send_mail = jobs.send_mail

    def refuse_one(subject, message, sender, recipients):
        if recipients == ["hong@example.gov.vn"]:
            raise ConnectionRefusedError("máy chủ thư từ chối")
        return real_send_mail(subject, message, sender, recipients)

    monkeypatch.setattr(jobs, "send_mail", refuse_one)
    users = [member("a@example.gov.vn"), member("hong@example.gov.vn"), member("c@example.gov.vn")]
    with django_capture_on_commit_callbacks(execute=True):
        notify(users, kind="test", title="Thông báo")
    job = Job.objects.get(kind=NOTIFICATION_EMAILS)
    assert job.status == JobStatus.FAILED
    assert "hong@example.gov.vn" in job.error
    assert addresses() == ["a@example.gov.vn", "c@example.gov.vn"]
    assert list(
        Notification.objects.filter(emailed_at__isnull=True).values_list("email", flat=True)
    ) == ["hong@example.gov.vn"]

    monkeypatch.setattr(jobs, "send_mail", real_send_mail)  # the server accepts it now
    mail.outbox.clear()
    # The next attempt, as the queue makes it (a job failed for good is never run again).
    Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED)
    run_job(job.pk, max_attempts=2)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert addresses() == ["hong@example.gov.vn"]


@pytest.fixture
def dispatched(monkeypatch):
    """How each e-mail job was started: in a background thread or not (the run itself is
    dti.jobs's; a thread could not see this test's uncommitted data)."""
    calls = []
    monkeypatch.setattr(
        jobs, "dispatch", lambda job_id, in_background: calls.append((job_id, in_background))
    )
    return calls


def test_from_a_page_the_job_runs_in_the_background(
    client, dispatched, django_capture_on_commit_callbacks
):
    cycle = adjusted_cycle(Phase.EXPLANATION)
    appraiser = cycle.appraisers["SKHCN"]
    appraiser.email = "thamdinh@example.gov.vn"
    appraiser.save(update_fields=["email"])
    save_explanation(cycle.response("SCT", "1.1"), "Bổ sung biên bản", cycle.staff["SCT"])
    client.force_login(cycle.leaders["SCT"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("appraisals:submit_explanations", args=[cycle.assessment("SCT").pk]))
    assert dispatched == [(Job.objects.get(kind=NOTIFICATION_EMAILS).pk, True)]


def test_from_a_command_the_job_runs_to_the_end_at_commit(
    dispatched, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify([member("a@example.gov.vn")], kind="test", title="Từ lệnh quản trị")
    assert dispatched == [(Job.objects.get(kind=NOTIFICATION_EMAILS).pk, False)]
