"""Waiting for a job that another process runs."""

from __future__ import annotations

import time

from dti.jobs.models import Job, JobStatus

FINISHED = {JobStatus.DONE, JobStatus.FAILED}


def wait_for(job: Job, worker, seconds: float = 90) -> Job:
    """The job once it is done or failed (read from the database the worker writes to)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in FINISHED:
            return job
        time.sleep(0.2)
    raise AssertionError(
        f"job {job.pk} is still {job.status} after {seconds} s; the worker's log:\n"
        f"{worker.log_text()[-4000:]}"
    )
