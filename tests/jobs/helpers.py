"""Jobs in each state, as the job pages find them."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone

from dti.jobs.models import Job, JobStatus


def files_in(settings, folder) -> None:
    """Job results (and any other stored file) are written to ``folder``."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": folder},
        },
    }


STARTED = timezone.make_aware(datetime.datetime(2026, 11, 20, 9, 30))


def running_job(by=None, *, progress=40, kind="results_workbook", **params) -> Job:
    return Job.objects.create(
        kind=kind,
        params=params,
        created_by=by,
        status=JobStatus.RUNNING,
        progress=progress,
        message="Đang ghi sổ kết quả",
        started_at=STARTED,
    )


def finished_job(by=None, *, kind="reminders", name="nhac-viec.csv", content=b"campaign_id\n"):
    job = Job.objects.create(
        kind=kind,
        created_by=by,
        status=JobStatus.DONE,
        progress=100,
        started_at=STARTED,
        finished_at=STARTED + datetime.timedelta(minutes=2),
        result_name=name,
        result_content_type="text/csv",
    )
    job.result_storage_name = storages["default"].save(
        f"jobs/{job.pk}/{name}", ContentFile(content)
    )
    job.save(update_fields=["result_storage_name"])
    return job


def failed_job(by=None, *, kind="measurement_pull", error="ConnectionError('timed out')") -> Job:
    return Job.objects.create(
        kind=kind,
        created_by=by,
        status=JobStatus.FAILED,
        error=error,
        attempts=3,
        started_at=STARTED,
        finished_at=STARTED + datetime.timedelta(seconds=30),
    )
