"""A reminder whose e-mail cannot be sent does not stop the reminders to the other agencies."""

import csv
import io
import logging
import smtplib
from io import StringIO

import pytest
from django.core import mail
from django.core.files.storage import storages
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import CommandError, call_command

from dti.agencies.models import Role, Tier
from dti.agencies.services import create_account
from dti.audit.models import AuditEvent
from dti.campaigns.models import ReminderLog
from dti.jobs.models import Job
from tests.assessments.evidence_helpers import use_temporary_storage
from tests.campaigns.dashboard_helpers import deadlines_from_now
from tests.factories import PASSWORD, make_agency, make_campaign

pytestmark = pytest.mark.django_db

REFUSED = "khongton@syt.gov.vn"


class RefusingBackend(EmailBackend):
    """The test outbox, except that the mail server refuses one address, as SMTP servers do."""

    def send_messages(self, messages):
        for message in messages:
            if REFUSED in message.to:
                raise smtplib.SMTPRecipientsRefused({REFUSED: (550, b"5.1.1 User unknown")})
        return super().send_messages(messages)


@pytest.fixture
def refusing_server(settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"


@pytest.fixture
def campaign():
    syt = make_agency("SYT", Tier.DEPARTMENT, name="Sở Y tế")
    sct = make_agency("SCT", Tier.DEPARTMENT, name="Sở Công Thương")
    for agency, email in ((syt, REFUSED), (sct, "lanhdao@sct.gov.vn")):
        create_account(
            username=f"lanhdao.{agency.code.lower()}",
            password=PASSWORD,
            role=Role.AGENCY_LEADER,
            agency=agency,
            email=email,
        )
    return make_campaign([syt, sct], deadlines=deadlines_from_now(5))


def run() -> tuple[str, str, CommandError | None]:
    """The command's output, error output and the error it ended with (a non-zero exit)."""
    output, errors = StringIO(), StringIO()
    try:
        call_command("send_reminders", stdout=output, stderr=errors)
    except CommandError as failure:
        return output.getvalue(), errors.getvalue(), failure
    return output.getvalue(), errors.getvalue(), None


def test_one_refused_address_does_not_stop_the_reminders_to_the_others(
    campaign, refusing_server, caplog
):
    with caplog.at_level(logging.ERROR, logger="dti.campaigns.reminders"):
        output, errors, failure = run()

    assert [message.to for message in mail.outbox] == [["lanhdao@sct.gov.vn"]]
    assert "1 reminders sent, 0 skipped, 1 failed." in output
    assert f"failed: SYT Sở Y tế (campaign {campaign.pk}) → {REFUSED}: " in errors
    assert "User unknown" in errors
    assert failure is not None and failure.returncode == 1
    assert "1 reminder(s) could not be sent" in str(failure)
    assert [log.assessment.agency.code for log in ReminderLog.objects.all()] == ["SCT"]
    event = AuditEvent.objects.get(action="assessment.reminder_failed")
    assert event.agency.code == "SYT" and event.after["recipients"] == [REFUSED]
    assert "User unknown" in event.after["error"]
    assert AuditEvent.objects.filter(action="assessment.reminder").count() == 1
    assert any(REFUSED in record.getMessage() for record in caplog.records)


def test_the_failed_reminder_goes_out_on_the_next_run_once_the_address_is_accepted(
    campaign, refusing_server, settings
):
    run()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()

    output, _errors, failure = run()

    assert failure is None
    assert [message.to for message in mail.outbox] == [[REFUSED]]
    assert "1 reminders sent, 1 skipped, 0 failed." in output
    assert sorted(log.assessment.agency.code for log in ReminderLog.objects.all()) == [
        "SCT",
        "SYT",
    ]


def test_a_mail_server_that_cannot_be_reached_fails_every_reminder_and_logs_none(
    campaign, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 5

    output, errors, failure = run()

    assert "0 reminders sent, 0 skipped, 2 failed." in output
    assert errors.count("failed: ") == 2
    assert failure is not None and failure.returncode == 1
    assert not ReminderLog.objects.exists()
    assert AuditEvent.objects.filter(action="assessment.reminder_failed").count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_queued_job_lists_the_failed_reminder_in_its_result_file(
    campaign, refusing_server, settings, tmp_path
):
    use_temporary_storage(settings, tmp_path / "media")
    call_command("send_reminders", "--queue", stdout=StringIO())

    job = Job.objects.get()
    with storages["default"].open(job.result_storage_name, "rb") as result:
        rows = list(csv.reader(io.StringIO(result.read().decode("utf-8-sig"))))
    results = {row[1]: (row[3], row[4]) for row in rows[1:]}
    assert results["SCT"] == ("sent", "lanhdao@sct.gov.vn")
    assert results["SYT"][0].startswith("failed: ") and results["SYT"][1] == REFUSED
    assert job.message == "Đã gửi 1 lời nhắc, bỏ qua 0, gửi lỗi 1"
