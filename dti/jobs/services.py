"""Starting and running background jobs.

``JOBS_BACKEND`` chooses how a job runs once its creating transaction commits:
- ``thread`` (the embedded default): in a background thread of the web process, so the request
  returns at once and the page follows the progress;
- ``inline``: in the same thread, at commit (tests, management commands);
- ``celery``: on the task queue, run by a worker (production; dti/jobs/tasks.py), tried again
  with backoff when it fails and run again when its worker dies mid-job.

Whichever runs it, a job is one row of the Job table: ``run_job`` claims the row before working,
so running the same job twice (a message delivered twice) does the work once.
"""

from __future__ import annotations

import logging
import threading
from importlib import import_module

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dti.agencies.permissions import require
from dti.audit.services import record

from .models import Job, JobStatus
from .registry import JOB_KINDS, JobKind

logger = logging.getLogger(__name__)

# The modules that register job kinds with ``@job_kind``. Imported before a kind is looked up, so
# that every process knows them all: a web process, a management command and a queue worker.
JOB_MODULES = ("dti.reports.jobs", "dti.campaigns.jobs", "dti.api.pulls", "dti.notifications.jobs")


def job_kinds() -> dict[str, JobKind]:
    for module in JOB_MODULES:
        import_module(module)
    return JOB_KINDS


def enqueue(kind: str, params: dict, by) -> Job:
    """Create a job the user may start and have it run after the current transaction."""
    job_kind = job_kinds()[kind]
    require(by, job_kind.action)
    job = Job.objects.create(kind=kind, params=params, created_by=by)
    record(by, "job.start", job, after={"kind": kind, "params": params})
    transaction.on_commit(lambda: dispatch(job.pk))
    return job


def enqueue_scheduled(kind: str, params: dict) -> Job:
    """Create a job that the operator starts from a command (cron), not a user from a page.

    On the queue (JOBS_BACKEND=celery) a worker runs it; otherwise it runs here, at commit, to
    the end: the command's process would end before a background thread finished.
    """
    job_kinds()[kind]  # an unknown kind fails here, not later on a worker
    job = Job.objects.create(kind=kind, params=params)
    record(None, "job.start", job, after={"kind": kind, "params": params})
    transaction.on_commit(lambda: dispatch(job.pk, in_background=False))
    return job


def dispatch(job_id: int, *, in_background: bool = True) -> None:
    backend = settings.JOBS_BACKEND
    if backend == "celery":
        _send_to_queue(job_id)
    elif backend == "inline" or not in_background:
        run_job(job_id)
    else:
        threading.Thread(
            target=_run_in_thread, args=(job_id,), daemon=True, name=f"job-{job_id}"
        ).start()


def _send_to_queue(job_id: int) -> None:
    from .tasks import run_job_task

    try:
        run_job_task.delay(job_id)
    except Exception as error:  # the broker is down: say so on the job rather than lose it
        logger.exception("job %s could not be queued", job_id)
        Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
            status=JobStatus.FAILED,
            error=f"queue unreachable: {error!r}"[:2000],
            message=_("The job queue could not be reached; start the job again later."),
            finished_at=timezone.now(),
        )


def _run_in_thread(job_id: int) -> None:
    close_old_connections()  # a new thread must not inherit a stale connection
    try:
        run_job(job_id)
    finally:
        connection.close()


def run_job(job_id: int, *, max_attempts: int = 1) -> Job:
    """Run a queued job to the end, recording its progress, result file or error.

    Only a job that is waiting and has attempts left is run; one that is running, done or
    failed is left alone, so a queue message delivered again does not repeat the work, and a
    job that used up its ``max_attempts`` (failed, or given up after its worker died on each of
    them) is never run once more. When the work fails with attempts left, the job goes back to
    waiting for the queue to try it again (``waiting_for_retry``); otherwise it is failed.
    """
    claimed = Job.objects.filter(
        pk=job_id, status=JobStatus.QUEUED, attempts__lt=max_attempts
    ).update(status=JobStatus.RUNNING, started_at=timezone.now(), progress=0, error="")
    job = Job.objects.get(pk=job_id)
    if not claimed:
        return job
    attempt = job.attempts + 1
    Job.objects.filter(pk=job_id).update(attempts=attempt)

    def report(percent: int, message: str = "") -> None:
        Job.objects.filter(pk=job_id).update(
            progress=max(0, min(100, percent)), message=message[:255]
        )

    try:
        output = job_kinds()[job.kind].handler(job, report)
        storage_name = storages["default"].save(
            f"jobs/{job.pk}/{output.name}", ContentFile(output.content)
        )
    except Exception as error:  # a failed job must be recorded whatever went wrong
        logger.exception("job %s failed (attempt %s of %s)", job_id, attempt, max_attempts)
        _record_failure(job_id, error, attempt, max_attempts)
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


def _record_failure(job_id: int, error: Exception, attempt: int, max_attempts: int) -> None:
    if attempt < max_attempts:
        Job.objects.filter(pk=job_id).update(
            status=JobStatus.QUEUED,
            error=repr(error)[:2000],
            message=_("Attempt %(attempt)s of %(total)s failed; it will be tried again.")
            % {"attempt": attempt, "total": max_attempts},
        )
    else:
        Job.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED, error=repr(error)[:2000], finished_at=timezone.now()
        )


def waiting_for_retry(job: Job) -> bool:
    """Tried, failed, and waiting for its next attempt."""
    return job.status == JobStatus.QUEUED and job.attempts > 0


def release_abandoned_job(job_id: int, *, max_attempts: int) -> None:
    """A job left "running" by a worker that died mid-job: waiting again for its next attempt,
    or failed when it has used them all (a job that kills its worker each time stops there)."""
    job = Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).first()
    if job is None:
        return
    logger.warning("job %s was abandoned by its worker (attempt %s)", job_id, job.attempts)
    # For the operator (the job's page shows no error text): not translated.
    lost = f"the worker running it stopped (attempt {job.attempts} of {max_attempts})"
    if job.attempts < max_attempts:
        Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
            status=JobStatus.QUEUED, error=lost
        )
    else:
        Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
            status=JobStatus.FAILED, error=lost, finished_at=timezone.now()
        )


def open_result(job: Job):
    return storages["default"].open(job.result_storage_name, "rb")
