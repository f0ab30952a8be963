"""Job kinds that misbehave on purpose, to see the queue try them again.

Each decides from the attempts recorded on its Job row (how many tries came before this one),
so the worker process and the test agree on what happens without sharing anything else.
"""

import os
import signal

from dti.jobs.registry import JobOutput, job_kind

FAILS_ONCE = "test.fails_once"
KILLS_ITS_WORKER_ONCE = "test.kills_its_worker_once"
KILLS_ITS_WORKER_EVERY_TIME = "test.kills_its_worker_every_time"
ALWAYS_FAILS = "test.always_fails"
RESULT = b"item;points\n1.1;20\n"


def _output() -> JobOutput:
    return JobOutput("ket-qua.csv", RESULT, "text/csv")


@job_kind(FAILS_ONCE, action="framework.view")
def fails_once(job, report):
    if job.attempts == 0:
        raise RuntimeError("the first attempt fails on purpose")
    return _output()


@job_kind(KILLS_ITS_WORKER_ONCE, action="framework.view")
def kills_its_worker_once(job, report):
    if job.attempts == 0:
        report(40, "half-way")
        # As the kernel's out-of-memory killer would: no exception, no clean-up.
        os.kill(os.getpid(), signal.SIGKILL)
    return _output()


@job_kind(KILLS_ITS_WORKER_EVERY_TIME, action="framework.view")
def kills_its_worker_every_time(job, report):
    report(10, f"attempt {job.attempts + 1}")
    os.kill(os.getpid(), signal.SIGKILL)


@job_kind(ALWAYS_FAILS, action="framework.view")
def always_fails(job, report):
    raise RuntimeError(f"attempt {job.attempts + 1} fails on purpose")
