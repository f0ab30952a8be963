"""Starting and running background jobs.

``JOBS_BACKEND`` chooses how a job runs once its creating transaction commits:
- ``thread`` (the embedded default): in a background thread of the web process, so the request
  returns at once and the page follows the progress;
- ``inline``: in the same thread, at commit (tests, management commands);
- ``celery``: on the task queue (production; see dti/jobs/tasks.py when configured).
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from dti.agencies.permissions import require
from dti.audit.services import record

from .models import Job, JobStatus
from .registry import JOB_KINDS

logger = logging.getLogger(__name__)


def enqueue(kind: str, params: dict, by) -> Job:
    """Create a job the user may start and have it run after the current transaction."""
    job_kind = JOB_KINDS[kind]
    require(by, job_kind.action)
    job = Job.objects.create(kind=kind, params=params, created_by=by)
    record(by, "job.start", job, after={"kind": kind, "params": params})
    transaction.on_commit(lambda: dispatch(job.pk))
    return job


def dispatch(job_id: int) -> None:
    backend = getattr(settings, "JOBS_BACKEND", "thread")
    if backend == "inline":
        run_job(job_id)
    elif backend == "celery":
        from .tasks import run_job_task

        run_job_task.delay(job_id)
    else:
        threading.Thread(
            target=_run_in_thread, args=(job_id,), daemon=True, name=f"job-{job_id}"
        ).start()


def _run_in_thread(job_id: int) -> None:
    close_old_connections()  # a new thread must not inherit a stale connection
    try:
        run_job(job_id)
    finally:
        connection.close()


def run_job(job_id: int) -> Job:
    """Run a queued job to the end, recording its progress, result file or error.

    Safe to call twice for the same job: a job that is already running or done is left alone
    (a retried queue message does not repeat the work).
    """
    claimed = Job.objects.filter(pk=job_id, status__in=[JobStatus.QUEUED, JobStatus.FAILED]).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), progress=0, error=""
    )
    job = Job.objects.get(pk=job_id)
    if not claimed:
        return job
    Job.objects.filter(pk=job_id).update(attempts=job.attempts + 1)

    def report(percent: int, message: str = "") -> None:
        Job.objects.filter(pk=job_id).update(
            progress=max(0, min(100, percent)), message=message[:255]
        )

    try:
        output = JOB_KINDS[job.kind].handler(job, report)
        storage_name = storages["default"].save(
            f"jobs/{job.pk}/{output.name}", ContentFile(output.content)
        )
    except Exception as error:  # a failed job must be recorded whatever went wrong
        logger.exception("job %s failed", job_id)
        Job.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED, error=repr(error)[:2000], finished_at=timezone.now()
        )
    else:
        Job.objects.filter(pk=job_id).update(
            status=JobStatus.DONE,
            progress=100,
            result_name=output.name,
            result_storage_name=storage_name,
            result_content_type=output.content_type,
            finished_at=timezone.now(),
        )
    job.refresh_from_db()
    return job


def open_result(job: Job):
    return storages["default"].open(job.result_storage_name, "rb")
