"""Jobs on the queue are tried again: after a failure (with a pause that doubles), and after
the worker process running them dies mid-job; a job that keeps failing, or keeps killing its
worker, stops after JOBS_MAX_ATTEMPTS attempts and says why."""

import time

import pytest
from django.urls import reverse

from dti.jobs.models import JobStatus
from dti.jobs.services import enqueue
from tests.factories import make_user

from . import flaky_jobs
from .jobs import wait_for

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def coordinator():
    from dti.agencies.models import Role

    return make_user(Role.COORDINATOR)


def test_a_job_that_fails_once_is_tried_again_and_succeeds(client, on_the_queue, coordinator):
    job = wait_for(enqueue(flaky_jobs.FAILS_ONCE, {}, coordinator), on_the_queue)

    assert (job.status, job.attempts, job.error) == (JobStatus.DONE, 2, "")
    client.force_login(coordinator)
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert b"".join(download.streaming_content) == flaky_jobs.RESULT


def test_a_job_whose_worker_process_is_killed_is_run_again(on_the_queue, coordinator):
    job = wait_for(enqueue(flaky_jobs.KILLS_ITS_WORKER_ONCE, {}, coordinator), on_the_queue)

    assert (job.status, job.attempts) == (JobStatus.DONE, 2), on_the_queue.log_text()[-3000:]
    assert on_the_queue.bucket.read(job.result_storage_name) == flaky_jobs.RESULT
    assert "SIGKILL" in on_the_queue.log_text()


def test_a_job_that_always_fails_stops_after_the_last_attempt(on_the_queue, coordinator):
    job = wait_for(enqueue(flaky_jobs.ALWAYS_FAILS, {}, coordinator), on_the_queue)

    assert (job.status, job.attempts) == (JobStatus.FAILED, 3)
    assert "attempt 3 fails on purpose" in job.error
    assert job.result_storage_name == ""


def test_a_job_that_kills_its_worker_every_time_fails_after_the_last_attempt(
    on_the_queue, coordinator
):
    job = wait_for(enqueue(flaky_jobs.KILLS_ITS_WORKER_EVERY_TIME, {}, coordinator), on_the_queue)

    assert (job.status, job.attempts) == (JobStatus.FAILED, 3), on_the_queue.log_text()[-3000:]
    assert job.error == "the worker running it stopped (attempt 3 of 3)"
    time.sleep(3)  # time enough for the worker to take the job up again, were it to do so
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.FAILED, 3), on_the_queue.log_text()[-3000:]
