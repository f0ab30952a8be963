"""The kinds of background job: a handler and the permission needed to start one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .models import Job

ProgressReport = Callable[[int, str], None]  # (percent, message)


@dataclass(frozen=True)
class JobOutput:
    name: str  # the file name the user downloads
    content: bytes
    content_type: str


@dataclass(frozen=True)
class JobKind:
    name: str
    action: str  # permission table action needed to start it
    handler: Callable[[Job, ProgressReport], JobOutput]
    label: str = ""  # what the job list calls it (lazily translated); its name when empty


JOB_KINDS: dict[str, JobKind] = {}


def job_kind(name: str, action: str, label: str = ""):
    """Register ``handler(job, report) -> JobOutput`` as the job kind ``name``, called
    ``label`` in the interface (its name when it has none)."""

    def register(handler: Callable[[Job, ProgressReport], JobOutput]):
        JOB_KINDS[name] = JobKind(name, action, handler, label)
        return handler

    return register
