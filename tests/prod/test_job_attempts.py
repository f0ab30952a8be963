"""How a job's attempts are counted and when it is tried again, without a worker: the queue
task's decisions rest on these (tests/prod/test_celery_retries.py runs them on a real one)."""

import pytest
from kombu.exceptions import OperationalError

from dti.agencies.models import Role
from dti.jobs import tasks
from dti.jobs.models import Job, JobStatus
from dti.jobs.services import enqueue, release_abandoned_job, run_job, waiting_for_retry
from tests.factories import make_user

from . import flaky_jobs

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def coordinator():
    return make_user(Role.COORDINATOR)


def queued(kind: str, by) -> Job:
    return Job.objects.create(kind=kind, params={}, created_by=by)


def test_a_failed_attempt_with_attempts_left_waits_for_the_next_one(coordinator):
    job = run_job(queued(flaky_jobs.FAILS_ONCE, coordinator).pk, max_attempts=3)

    assert (job.status, job.attempts) == (JobStatus.QUEUED, 1)
    assert waiting_for_retry(job)
    assert "the first attempt fails on purpose" in job.error
    assert job.message == "Attempt 1 of 3 failed; it will be tried again."


def test_the_next_attempt_runs_the_waiting_job_to_the_end(coordinator):
    job = queued(flaky_jobs.FAILS_ONCE, coordinator)
    run_job(job.pk, max_attempts=3)

    job = run_job(job.pk, max_attempts=3)

    assert (job.status, job.attempts, job.error) == (JobStatus.DONE, 2, "")
    assert not waiting_for_retry(job)


def test_without_a_queue_a_failure_is_final(coordinator):
    """The embedded default (thread, inline) makes one attempt."""
    job = run_job(queued(flaky_jobs.FAILS_ONCE, coordinator).pk)

    assert (job.status, job.attempts) == (JobStatus.FAILED, 1)
    assert not waiting_for_retry(job)


def test_a_job_done_is_not_run_again(coordinator):
    job = queued(flaky_jobs.FAILS_ONCE, coordinator)
    run_job(job.pk, max_attempts=3)
    run_job(job.pk, max_attempts=3)

    job = run_job(job.pk, max_attempts=3)

    assert (job.status, job.attempts) == (JobStatus.DONE, 2)


def test_a_job_abandoned_by_its_worker_waits_again_with_the_reason(coordinator):
    job = queued(flaky_jobs.FAILS_ONCE, coordinator)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=1)

    release_abandoned_job(job.pk, max_attempts=3)

    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    assert job.error == "the worker running it stopped (attempt 1 of 3)"


def test_a_job_that_lost_its_worker_on_every_attempt_fails(coordinator):
    job = queued(flaky_jobs.FAILS_ONCE, coordinator)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=3)

    release_abandoned_job(job.pk, max_attempts=3)

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.finished_at is not None


def test_the_pause_before_a_retry_doubles_up_to_its_limit(settings):
    settings.JOBS_RETRY_DELAY_SECONDS = 30
    settings.JOBS_RETRY_MAX_DELAY_SECONDS = 600

    assert [tasks.retry_delay(retries) for retries in range(6)] == [30, 60, 120, 240, 480, 600]


def test_a_job_that_cannot_reach_the_queue_fails_and_says_so(coordinator, settings, monkeypatch):
    def broker_down(job_id):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    settings.JOBS_BACKEND = "celery"
    monkeypatch.setattr(tasks.run_job_task, "delay", broker_down)

    job = enqueue(flaky_jobs.FAILS_ONCE, {}, coordinator)

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "queue unreachable" in job.error
    assert job.message == "The job queue could not be reached; start the job again later."
