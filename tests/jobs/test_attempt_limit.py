"""A job never runs beyond its attempt limit: not when the queue delivers its message again
after the worker running it died, not when it has failed for good, not when it waits with its
attempts used up. (tests/prod/test_celery_retries.py sees the same on a real worker.)"""

from __future__ import annotations

import pytest

from dti.jobs.models import Job, JobStatus
from dti.jobs.registry import JOB_KINDS, JobKind, JobOutput
from dti.jobs.services import run_job
from dti.jobs.tasks import run_job_task

pytestmark = pytest.mark.django_db

KIND = "test.counted"


@pytest.fixture
def runs(monkeypatch, settings) -> list[int]:
    """The attempt number of each run of a job of kind KIND (3 attempts allowed)."""
    settings.JOBS_MAX_ATTEMPTS = 3
    attempts: list[int] = []

    def counted(job, report):
        attempts.append(job.attempts + 1)  # the handler sees the attempts made before this one
        return JobOutput("ket-qua.csv", b"item;points\n", "text/csv")

    monkeypatch.setitem(JOB_KINDS, KIND, JobKind(KIND, "framework.view", counted))
    return attempts


def job_in(status: str, attempts: int) -> Job:
    return Job.objects.create(kind=KIND, status=status, attempts=attempts)


def deliver_again(job: Job) -> Job:
    """The queue task, given the message of ``job`` as the broker redelivers it after the
    worker that had it died."""
    run_job_task.push_request(delivery_info={"redelivered": True}, retries=0)
    try:
        run_job_task(job.pk)
    finally:
        run_job_task.pop_request()
    job.refresh_from_db()
    return job


def test_a_redelivered_job_running_with_all_its_attempts_used_is_failed_not_run(runs):
    job = deliver_again(job_in(JobStatus.RUNNING, attempts=3))

    assert runs == []
    assert (job.status, job.attempts) == (JobStatus.FAILED, 3)
    assert job.error == "the worker running it stopped (attempt 3 of 3)"
    assert job.finished_at is not None


def test_a_redelivered_job_with_attempts_left_runs_its_next_attempt(runs):
    job = deliver_again(job_in(JobStatus.RUNNING, attempts=1))

    assert runs == [2]
    assert (job.status, job.attempts) == (JobStatus.DONE, 2)


def test_a_failed_job_is_not_run_again(runs):
    job = run_job(job_in(JobStatus.FAILED, attempts=1).pk, max_attempts=3)

    assert runs == []
    assert (job.status, job.attempts) == (JobStatus.FAILED, 1)


def test_a_waiting_job_whose_attempts_are_used_up_is_not_run(runs):
    job = run_job(job_in(JobStatus.QUEUED, attempts=3).pk, max_attempts=3)

    assert runs == []
    assert (job.status, job.attempts) == (JobStatus.QUEUED, 3)
