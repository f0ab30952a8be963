"""The coordinator's list of background jobs: every job, whoever or whatever started it (a
person from a page, or the scheduler from cron), with its state, newest first, page by page."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dti.agencies.models import Role
from dti.jobs.models import Job, JobStatus
from dti.jobs.selectors import JOBS_PER_PAGE
from tests.factories import make_agency, make_campaign, make_user

from .helpers import failed_job, finished_job, running_job

pytestmark = pytest.mark.django_db

LIST = reverse("jobs:list")


@pytest.fixture
def coordinator():
    return make_user(Role.COORDINATOR)


def test_a_reminder_run_from_cron_is_listed_as_scheduled_with_its_result_to_download(
    client, coordinator, django_capture_on_commit_callbacks
):
    campaign = make_campaign([make_agency()], by=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--queue", stdout=StringIO())
    job = Job.objects.get(kind="reminders")
    assert (job.created_by, job.status) == (None, JobStatus.DONE)

    client.force_login(coordinator)
    page = client.get(LIST)
    html = page.content.decode()
    assert "Thư điện tử nhắc việc" in html
    assert "Theo lịch" in html
    assert reverse("jobs:download", args=[job.pk]) in html
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200
    assert str(campaign.pk).encode() in b"".join(download.streaming_content)


def test_each_state_shows_what_the_coordinator_needs(client, coordinator):
    staff_report = running_job(make_user(Role.WORKING_GROUP), progress=40)
    pulled = failed_job(error="ConnectionError('Cổng dữ liệu không phản hồi')")
    client.force_login(coordinator)
    html = client.get(LIST).content.decode()
    assert '<progress max="100" value="40"' in html
    assert "Đang ghi sổ kết quả" in html  # the job's own progress message
    assert reverse("jobs:detail", args=[staff_report.pk]) in html
    assert "Lý do không thành công" in html
    assert "Cổng dữ liệu không phản hồi" in html
    assert reverse("jobs:download", args=[pulled.pk]) not in html


def test_the_newest_job_comes_first_and_the_list_goes_on_page_by_page(client, coordinator):
    jobs = [running_job(coordinator) for _number in range(JOBS_PER_PAGE + 2)]
    client.force_login(coordinator)
    first = client.get(LIST).context["page"]
    assert [row.job for row in first] == list(reversed(jobs))[:JOBS_PER_PAGE]
    second = client.get(LIST, {"page": 2}).context["page"]
    assert [row.job for row in second] == list(reversed(jobs))[JOBS_PER_PAGE:]


def test_a_report_job_names_its_campaign(client, coordinator):
    campaign = make_campaign([make_agency()], by=coordinator)
    running_job(coordinator, campaign_id=campaign.pk)
    client.force_login(coordinator)
    (row,) = client.get(LIST).context["page"]
    assert row.campaign == campaign
    assert row.label == "Bảng tổng hợp kết quả (.xlsx)"


def count_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST).status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_jobs_on_the_page(client, coordinator):
    campaign = make_campaign([make_agency()], by=coordinator)
    client.force_login(coordinator)
    running_job(coordinator, campaign_id=campaign.pk)
    few = count_queries(client)
    for number in range(20):
        other = make_campaign([make_agency()], by=coordinator, year=2000 + number)
        running_job(make_user(Role.WORKING_GROUP), campaign_id=other.pk)
        finished_job()
    assert count_queries(client) == few


@pytest.mark.parametrize(
    "role",
    [
        Role.WORKING_GROUP,
        Role.APPRAISER,
        Role.COUNCIL_MEMBER,
        Role.AGENCY_STAFF,
        Role.AGENCY_LEADER,
    ],
)
def test_only_the_coordinator_may_see_the_list(client, role):
    client.force_login(make_user(role))
    assert client.get(LIST).status_code == 403


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_the_list_is_in_the_coordinators_administration_menu_only(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("campaigns:list"))
    assert LIST in [url for url, _label in response.context["admin_menu"]]
    assert f'href="{LIST}"' in response.content.decode()
    client.force_login(make_user(Role.WORKING_GROUP))
    response = client.get(reverse("campaigns:list"))
    assert response.context["admin_menu"] == []
    assert f'href="{LIST}"' not in response.content.decode()


def test_a_job_of_a_kind_the_platform_no_longer_has_is_listed_by_its_code(client, coordinator):
    Job.objects.create(kind="old_export", status=JobStatus.FAILED, error="gone")
    client.force_login(coordinator)
    (row,) = client.get(LIST).context["page"]
    assert row.label == "old_export"
