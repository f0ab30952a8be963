"""Reminder e-mails as a background job: `send_reminders --queue`, the same service as the
direct command, with a result file that says who was reminded."""

import csv
import io
from io import StringIO

import pytest
from django.core import mail
from django.core.files.storage import storages
from django.core.management import CommandError, call_command

from dti.agencies.models import Role, Tier
from dti.agencies.services import create_account
from dti.audit.models import AuditEvent
from dti.campaigns.jobs import REMINDERS
from dti.campaigns.models import ReminderLog
from dti.jobs.models import Job, JobStatus
from dti.jobs.services import enqueue
from tests.assessments.evidence_helpers import use_temporary_storage
from tests.campaigns.dashboard_helpers import deadlines_from_now
from tests.factories import PASSWORD, make_agency, make_campaign, make_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    return use_temporary_storage(settings, tmp_path / "media")


@pytest.fixture
def campaign():
    syt = make_agency("SYT", Tier.DEPARTMENT, name="Sở Y tế")
    sct = make_agency("SCT", Tier.DEPARTMENT, name="=Sở Công Thương")
    create_account(
        username="canbo.syt",
        password=PASSWORD,
        role=Role.AGENCY_STAFF,
        agency=syt,
        email="canbo@syt.gov.vn",
    )
    return make_campaign([syt, sct], deadlines=deadlines_from_now(5))


def queue_reminders(*args) -> str:
    output = StringIO()
    call_command("send_reminders", "--queue", *args, stdout=output)
    return output.getvalue()


def result_rows(job: Job) -> list[list[str]]:
    with storages["default"].open(job.result_storage_name, "rb") as result:
        return list(csv.reader(io.StringIO(result.read().decode("utf-8-sig"))))


def test_queued_reminders_are_sent_by_a_job_whose_file_lists_every_draft(campaign):
    output = queue_reminders()

    job = Job.objects.get()
    assert output.startswith(f"Job #{job.pk} (reminders): done.")
    assert (job.kind, job.status, job.created_by) == (REMINDERS, JobStatus.DONE, None)
    assert [message.to for message in mail.outbox] == [["canbo@syt.gov.vn"]]
    assert result_rows(job) == [
        ["campaign_id", "agency_code", "agency_name", "result", "recipients"],
        [str(campaign.pk), "SYT", "Sở Y tế", "sent", "canbo@syt.gov.vn"],
        [
            str(campaign.pk),
            "SCT",
            "'=Sở Công Thương",
            "skipped: no active agency staff or leader with an e-mail address",
            "",
        ],
    ]
    assert AuditEvent.objects.filter(action="job.start", actor=None).exists()


def test_running_the_job_again_the_same_day_sends_nothing_more(campaign):
    queue_reminders()
    queue_reminders(f"--campaign={campaign.pk}")

    assert len(mail.outbox) == 1
    assert ReminderLog.objects.count() == 1
    second = Job.objects.order_by("pk").last()
    assert second.params == {"campaign_id": campaign.pk}
    results = {row[1]: row[3] for row in result_rows(second)[1:]}
    assert results["SYT"] == "skipped: already reminded today"


def test_a_coordinator_may_start_the_job_and_others_may_not(campaign):
    coordinator = make_user(Role.COORDINATOR)
    enqueue(REMINDERS, {}, coordinator)
    assert Job.objects.get().status == JobStatus.DONE

    with pytest.raises(Exception, match=r"campaign\.manage"):
        enqueue(REMINDERS, {}, make_user(Role.WORKING_GROUP))


def test_a_queued_dry_run_is_refused(campaign):
    with pytest.raises(CommandError, match="--queue and --dry-run cannot be combined"):
        queue_reminders("--dry-run")

    assert not Job.objects.exists()
    assert not mail.outbox
