"""A report is started from the reports page and runs as a background job end to end:
POST → the job's page → its status says done → the file downloads.

These tests commit (``transaction=True``): the inline job backend runs the job at commit, and the
job runner expects a connection in autocommit mode, as it has outside a test.
"""

import io
import zipfile

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from dti.audit.models import AuditEvent
from dti.jobs.models import Job, JobStatus
from dti.jobs.services import run_job
from dti.results.services import reopen_campaign
from tests.reports.helpers import finalised_cycle

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def cycle():
    return finalised_cycle()


def start(client, cycle, kind, data=None):
    return client.post(reverse("results:report_start", args=[cycle.campaign.pk, kind]), data or {})


def follow_to_download(client, response) -> bytes:
    """The redirect goes to the job's page; its status is done; the download gives the file."""
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert client.get(response["Location"]).status_code == 200
    status = client.get(reverse("jobs:status", args=[job.pk])).json()
    assert (status["status"], status["progress"], status["done"]) == ("done", 100, True)
    assert status["message"] == ""  # no step still "in progress" next to "Done"
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200
    return b"".join(download.streaming_content)


def test_the_workbook_job_runs_from_the_page_to_the_download(client, cycle):
    client.force_login(cycle.coordinator)
    response = start(client, cycle, "workbook")
    workbook = load_workbook(io.BytesIO(follow_to_download(client, response)))
    assert "Tổng hợp" in workbook.sheetnames
    job = Job.objects.get()
    assert (job.kind, job.params, job.created_by) == (
        "results_workbook",
        {"campaign_id": cycle.campaign.pk},
        cycle.coordinator,
    )
    assert job.result_name.endswith(".xlsx")
    assert AuditEvent.objects.filter(action="job.start", actor=cycle.coordinator).exists()


def test_the_report_job_gives_the_word_document(client, cycle):
    client.force_login(cycle.working_group)
    response = start(client, cycle, "report")
    document = Document(io.BytesIO(follow_to_download(client, response)))
    assert "BÁO CÁO" in [paragraph.text for paragraph in document.paragraphs]


def test_the_scorecards_job_makes_the_archive_of_the_chosen_tier(client, cycle):
    client.force_login(cycle.coordinator)
    response = start(client, cycle, "scorecards", {"tier": "department"})
    archive = zipfile.ZipFile(io.BytesIO(follow_to_download(client, response)))
    assert sorted(archive.namelist()) == ["SCT.pdf", "SYT.pdf"]
    assert Job.objects.get().params == {"campaign_id": cycle.campaign.pk, "tier": "department"}


def test_the_reports_page_lists_the_users_recent_jobs_with_their_downloads(client, cycle):
    client.force_login(cycle.coordinator)
    start(client, cycle, "workbook")
    other = Job.objects.create(
        kind="results_workbook", params={"campaign_id": cycle.campaign.pk}, created_by=None
    )
    page = client.get(reverse("results:reports", args=[cycle.campaign.pk]))
    assert page.status_code == 200
    assert page.context["available"] is True
    listed = [job for job, _label, _tier in page.context["jobs"]]
    assert [job.status for job in listed] == [JobStatus.DONE]
    assert other not in listed
    assert reverse("jobs:download", args=[listed[0].pk]) in page.content.decode()


def test_a_job_that_runs_after_the_campaign_was_reopened_fails(cycle):
    job = Job.objects.create(
        kind="results_workbook", params={"campaign_id": cycle.campaign.pk}, created_by=None
    )
    reopen_campaign(cycle.campaign, "Sửa điểm chỉ số 1.1", cycle.coordinator)
    run_job(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "ReportUnavailable" in job.error
    assert not job.result_storage_name
