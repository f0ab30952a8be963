"""Daily reminder e-mails to agencies whose self-assessment is still in draft."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from dti.agencies.models import Role, Tier
from dti.agencies.services import create_account
from dti.audit.models import AuditEvent
from dti.campaigns.models import Phase, ReminderLog
from dti.campaigns.reminders import deliver, plan_reminders, send_reminders
from dti.campaigns.services import grant_extension
from tests.campaigns.dashboard_helpers import answer, answer_all_and_submit, deadlines_from_now
from tests.factories import PASSWORD, make_agency, make_campaign, make_user

pytestmark = pytest.mark.django_db

SITE = "https://dti.example.gov.vn"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


def account(role, agency, email, *, active=True):
    user = create_account(
        username=f"{email or 'no-mail'}-{role}-{agency.code}".lower(),
        password=PASSWORD,
        role=role,
        agency=agency,
        email=email,
    )
    if not active:
        user.is_active = False
        user.save(update_fields=["is_active"])
    return user


@pytest.fixture
def syt():
    return make_agency("SYT", Tier.DEPARTMENT, name="Sở Y tế")


@pytest.fixture
def sct():
    return make_agency("SCT", Tier.DEPARTMENT, name="Sở Công Thương & Du lịch")


@pytest.fixture
def coordinator():
    return make_user(Role.COORDINATOR)


@pytest.fixture
def campaign(syt, sct, coordinator):
    return make_campaign([syt, sct], by=coordinator, deadlines=deadlines_from_now(5))


def run(*args):
    output = StringIO()
    call_command("send_reminders", *args, stdout=output)
    return output.getvalue()


def test_each_draft_agency_gets_one_mail_addressed_to_its_staff_and_leaders(campaign, syt, sct):
    staff = account(Role.AGENCY_STAFF, syt, "canbo@syt.gov.vn")
    account(Role.AGENCY_LEADER, syt, "lanhdao@syt.gov.vn")
    account(Role.AGENCY_STAFF, syt, "")  # no address
    account(Role.AGENCY_STAFF, syt, "nghi@syt.gov.vn", active=False)
    account(Role.APPRAISER, syt, "thamdinh@syt.gov.vn")  # appraises, does not fill in
    account(Role.AGENCY_LEADER, sct, "lanhdao@sct.gov.vn")
    answer(campaign.assessments.get(agency=syt), staff, ["1.1"])

    output = run()

    assert len(mail.outbox) == 2
    by_recipients = {tuple(sorted(message.to)): message for message in mail.outbox}
    assert set(by_recipients) == {
        ("canbo@syt.gov.vn", "lanhdao@syt.gov.vn"),
        ("lanhdao@sct.gov.vn",),
    }
    message = by_recipients[("canbo@syt.gov.vn", "lanhdao@syt.gov.vn")]
    deadline = timezone.localtime(campaign.deadline_of(Phase.SELF_ASSESSMENT))
    assessment = campaign.assessments.get(agency=syt)
    assert "Sở Y tế" in message.subject
    assert deadline.strftime("%d/%m/%Y") in message.body
    assert campaign.title in message.body
    assert f"{SITE}{reverse('assessments:overview', args=[assessment.pk])}" in message.body
    assert "2 reminders sent, 0 skipped, 0 failed." in output


def test_the_mail_tells_the_progress_and_what_is_still_missing(campaign, syt, settings):
    settings.LANGUAGE_CODE = "en"  # the mail is in the platform's language; read it in English
    staff = account(Role.AGENCY_STAFF, syt, "canbo@syt.gov.vn")
    answer(campaign.assessments.get(agency=syt), staff, ["1.1", "1.2"], with_evidence=True)

    run()

    body = mail.outbox[0].body
    assert "2 of 3 indicators answered" in body
    assert "1 indicator not answered" in body
    assert "1 indicator without its required evidence" in body
    assert "The deadline has passed" not in body


def test_agency_names_are_not_html_escaped(campaign, sct):
    account(Role.AGENCY_LEADER, sct, "lanhdao@sct.gov.vn")
    run()
    assert "Sở Công Thương & Du lịch" in mail.outbox[0].subject
    assert "Sở Công Thương & Du lịch" in mail.outbox[0].body


def test_submitted_assessments_get_no_reminder(campaign, syt, sct):
    leader = account(Role.AGENCY_LEADER, syt, "lanhdao@syt.gov.vn")
    account(Role.AGENCY_LEADER, sct, "lanhdao@sct.gov.vn")
    answer_all_and_submit(campaign.assessments.get(agency=syt), leader)

    run()

    assert [message.to for message in mail.outbox] == [["lanhdao@sct.gov.vn"]]


def test_a_second_run_the_same_day_sends_nothing(campaign, syt, sct):
    account(Role.AGENCY_LEADER, syt, "lanhdao@syt.gov.vn")
    account(Role.AGENCY_LEADER, sct, "lanhdao@sct.gov.vn")
    run()
    mail.outbox.clear()

    output = run()

    assert mail.outbox == []
    assert ReminderLog.objects.count() == 2
    assert "0 reminders sent, 2 skipped, 0 failed." in output
    assert "already reminded today" in output


def test_the_next_day_the_reminder_goes_out_again(campaign, syt):
    account(Role.AGENCY_LEADER, syt, "lanhdao@syt.gov.vn")
    today = timezone.localdate()
    send_reminders(today=today)
    send_reminders(today=today + datetime.timedelta(days=1))
    assert len(mail.outbox) == 2
    assert sorted(ReminderLog.objects.values_list("sent_on", flat=True)) == [
        today,
        today + datetime.timedelta(days=1),
    ]


def test_each_sent_reminder_is_logged_and_audited(campaign, syt):
    account(Role.AGENCY_STAFF, syt, "canbo@syt.gov.vn")
    account(Role.AGENCY_LEADER, syt, "lanhdao@syt.gov.vn")
    run()
    assessment = campaign.assessments.get(agency=syt)
    log = ReminderLog.objects.get()
    assert (log.assessment, log.sent_on, log.recipients_count) == (
        assessment,
        timezone.localdate(),
        2,
    )
    event = AuditEvent.objects.get(action="assessment.reminder")
    assert event.object_id == str(assessment.pk)
    assert event.agency == syt
    assert sorted(event.after["recipients"]) == ["canbo@syt.gov.vn", "lanhdao@syt.gov.vn"]


def test_agencies_without_any_email_are_skipped_and_named(campaign, syt, sct):
    account(Role.AGENCY_LEADER, syt, "lanhdao@syt.gov.vn")
    account(Role.AGENCY_LEADER, sct, "")

    output = run()

    assert len(mail.outbox) == 1
    assert "skipped: SCT Sở Công Thương & Du lịch" in output
    assert "no active agency staff or leader with an e-mail address" in output
    assert "1 reminders sent, 1 skipped, 0 failed." in output
    assert ReminderLog.objects.count() == 1


def test_dry_run_sends_records_and_audits_nothing(campaign, syt):
    account(Role.AGENCY_LEADER, syt, "lanhdao@syt.gov.vn")

    output = run("--dry-run")

    assert mail.outbox == []
    assert not ReminderLog.objects.exists()
    assert not AuditEvent.objects.filter(action="assessment.reminder").exists()
    assert "would send: SYT Sở Y tế" in output
    assert "Dry run: 1 reminders would be sent, 1 skipped." in output


def test_campaigns_outside_self_assessment_get_no_reminders(syt, coordinator):
    account(Role.AGENCY_LEADER, syt, "lanhdao@syt.gov.vn")
    make_campaign([syt], by=coordinator, phase=Phase.APPRAISAL_1, year=2026)
    assert "0 reminders sent, 0 skipped, 0 failed." in run()
    assert mail.outbox == []


def test_the_campaign_option_limits_the_run_to_one_campaign(campaign, syt, coordinator):
    account(Role.AGENCY_LEADER, syt, "lanhdao@syt.gov.vn")
    other = make_campaign([syt], by=coordinator, year=2027, deadlines=deadlines_from_now(5))
    run("--campaign", str(other.pk))
    assert len(mail.outbox) == 1
    assert other.title in mail.outbox[0].body
    assert ReminderLog.objects.get().assessment.campaign == other


def test_the_campaign_option_refuses_an_unknown_or_closed_campaign(syt, coordinator):
    closed = make_campaign([syt], by=coordinator, phase=Phase.PREPARATION)
    with pytest.raises(CommandError, match="no campaign has this id"):
        run("--campaign", "999999")
    with pytest.raises(CommandError, match="self_assessment"):
        run("--campaign", str(closed.pk))


def test_a_draft_past_its_deadline_is_told_to_ask_for_an_extension(syt, coordinator, settings):
    settings.LANGUAGE_CODE = "en"
    account(Role.AGENCY_LEADER, syt, "lanhdao@syt.gov.vn")
    make_campaign([syt], by=coordinator, deadlines=deadlines_from_now(-2))
    run()
    assert "The deadline has passed" in mail.outbox[0].body


def test_the_deadline_in_the_mail_includes_the_agency_extension(syt, coordinator):
    account(Role.AGENCY_LEADER, syt, "lanhdao@syt.gov.vn")
    campaign = make_campaign([syt], by=coordinator, deadlines=deadlines_from_now(-2))
    until = timezone.now() + datetime.timedelta(days=7)
    grant_extension(campaign.assessments.get(), until=until, reason="Gia hạn", by=coordinator)

    run()

    assert timezone.localtime(until).strftime("%d/%m/%Y") in mail.outbox[0].body


def test_a_reminder_logged_by_a_concurrent_run_is_not_sent_again(campaign, syt):
    account(Role.AGENCY_LEADER, syt, "lanhdao@syt.gov.vn")
    today = timezone.localdate()
    (reminder,) = plan_reminders(campaign, today).sent
    ReminderLog.objects.create(assessment=reminder.assessment, sent_on=today, recipients_count=1)

    assert deliver(reminder, today) is False
    assert mail.outbox == []
    assert not AuditEvent.objects.filter(action="assessment.reminder").exists()
