"""A job's result file goes to the S3-compatible store and downloads from there, to the person
who started the job only."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dti.agencies.models import Role
from dti.jobs.models import Job, JobStatus
from tests.factories import make_user
from tests.reports.helpers import finalised_cycle

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_report_is_written_to_the_bucket_and_downloaded_from_it(client, s3_bucket):
    cycle = finalised_cycle()
    client.force_login(cycle.coordinator)

    client.post(reverse("results:report_start", args=[cycle.campaign.pk, "workbook"]))

    job = Job.objects.get()
    assert job.status == JobStatus.DONE, job.error
    assert s3_bucket.object_keys() == [job.result_storage_name]
    assert job.result_storage_name == f"jobs/{job.pk}/{job.result_name}"
    download = client.get(reverse("jobs:download", args=[job.pk]))
    content = b"".join(download.streaming_content)
    assert content == s3_bucket.read(job.result_storage_name)
    assert "Tổng hợp" in load_workbook(io.BytesIO(content)).sheetnames


def test_nobody_else_downloads_the_result(client, s3_bucket):
    """Only the job's owner and the coordinators (who follow every job) download it."""
    cycle = finalised_cycle()
    client.force_login(cycle.coordinator)
    client.post(reverse("results:report_start", args=[cycle.campaign.pk, "workbook"]))
    job = Job.objects.get()

    client.force_login(make_user(Role.WORKING_GROUP))

    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
