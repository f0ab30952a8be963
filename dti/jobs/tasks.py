"""The queue task that runs a job on a Celery worker (JOBS_BACKEND=celery).

The message carries only the job's id; everything else is in the Job row, so a message that is
delivered twice, or a task that is retried, runs the same job and never a second copy:
``run_job`` claims the row before doing any work (dti/jobs/services.py).

Failures are tried again with exponential backoff (JOBS_MAX_ATTEMPTS in all). A worker that dies
mid-job (killed, out of memory) does not acknowledge its message, so the queue delivers it again,
marked as redelivered: the job it left "running" is then run again, unless it has used up its
attempts; then it is failed and the message ends there (``run_job`` runs no failed job), so a
job that kills its worker every time stops after JOBS_MAX_ATTEMPTS attempts.
"""

from __future__ import annotations

from django.conf import settings

from config.celery import app

from .services import release_abandoned_job, run_job, waiting_for_retry


def retry_delay(retries_so_far: int) -> int:
    """Seconds to wait before the next attempt: the base delay, doubled after each retry."""
    delay = settings.JOBS_RETRY_DELAY_SECONDS * 2**retries_so_far
    return min(delay, settings.JOBS_RETRY_MAX_DELAY_SECONDS)


@app.task(bind=True, name="dti.jobs.run_job")
def run_job_task(self, job_id: int) -> None:
    if (self.request.delivery_info or {}).get("redelivered"):
        release_abandoned_job(job_id, max_attempts=settings.JOBS_MAX_ATTEMPTS)
    job = run_job(job_id, max_attempts=settings.JOBS_MAX_ATTEMPTS)
    if waiting_for_retry(job):
        raise self.retry(countdown=retry_delay(self.request.retries), max_retries=None)
