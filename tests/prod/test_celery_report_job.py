"""A report job on the queue, end to end: the page starts it, a real Celery worker (another
process, on Redis) runs it, the page follows it to "done" and the file downloads, from the
object store the worker wrote it to.

The web side here has JOBS_BACKEND=celery: it only puts the job's id on the queue, so a job that
ends up done was run by the worker."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dti.jobs.models import Job, JobStatus
from tests.reports.helpers import finalised_cycle

from .jobs import wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_workbook_started_from_the_page_is_made_by_the_worker_and_downloads(client, on_the_queue):
    cycle = finalised_cycle()
    client.force_login(cycle.coordinator)

    response = client.post(reverse("results:report_start", args=[cycle.campaign.pk, "workbook"]))

    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    job = wait_for(job, on_the_queue)
    assert (job.status, job.progress, job.attempts) == (JobStatus.DONE, 100, 1), job.error
    status = client.get(reverse("jobs:status", args=[job.pk])).json()
    assert (status["status"], status["done"]) == ("done", True)
    assert on_the_queue.bucket.object_keys() == [job.result_storage_name]
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert "Tổng hợp" in workbook.sheetnames
