"""Automatic measurement pulls: fetch measured inputs from a source system instead of waiting
for it to push them through the API.

The source publishes one JSON document (MEASUREMENT_PULL_URL), a list of items:

    [{"campaign_id": 7, "agency_code": "SYT", "indicator_code": "2.2",
      "values": {"level": "partial"}, "source": "Cổng DVC quốc gia",
      "measured_at": "2025-10-31T00:00:00+07:00"}, …]

Each item is what a client would PUT to /api/measurements/<campaign>/<agency>/<indicator>, and is
applied by the same service (``dti.api.services.put_measurement``) under the scope of an API
client (MEASUREMENT_PULL_CLIENT): the same checks, the same audit events, the same idempotence —
pulling the same document twice changes nothing the second time. Items are independent, as
separate PUTs are: one refused item does not stop the others, and the job's result file says,
item by item, what was stored and what was refused and why.

The fetch is bounded: only http(s), a total time limit and a size limit, checked while reading.
"""

from __future__ import annotations

import csv
import io
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import Field, ValidationError

from dti.core.spreadsheets import csv_safe_row
from dti.jobs.models import Job
from dti.jobs.registry import JobOutput, ProgressReport, job_kind

from .errors import ApiProblem
from .models import ApiClient
from .routers.params import CODE_PATTERN, MAX_ID
from .schemas import MeasurementIn
from .services import Measurement, put_measurement

MEASUREMENT_PULL = "measurement_pull"
READ_CHUNK_BYTES = 64 * 1024


class PullFailed(Exception):
    """The document could not be fetched or is not a list of items: nothing was applied."""


class PulledItem(MeasurementIn):
    """One item of the document: where the values go, and the body a PUT would carry."""

    campaign_id: int = Field(ge=1, le=MAX_ID)
    agency_code: str = Field(max_length=32, pattern=CODE_PATTERN)
    indicator_code: str = Field(max_length=16, pattern=CODE_PATTERN)


@dataclass
class ItemResult:
    number: int  # 1 for the document's first item
    campaign_id: Any
    agency_code: Any
    indicator_code: Any
    status: int  # as the API would answer: 200 stored, 4xx refused
    detail: str
    errors: list[str] = field(default_factory=list)
    points: Decimal | None = None

    @property
    def stored(self) -> bool:
        return self.status == 200


# ---------------------------------------------------------------------------------------------
# Fetching


def fetch_document(url: str, *, token: str, timeout: float, max_bytes: int) -> bytes:
    """The document's bytes; PullFailed says why when it cannot be had within the limits."""
    if urllib.parse.urlsplit(url).scheme not in {"http", "https"}:
        raise PullFailed(_("%(url)s is not an http(s) address.") % {"url": url})
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, headers=headers)
    deadline = time.monotonic() + timeout
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            declared = answer.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise _too_big(url, max_bytes)
            return _read_bounded(answer, url, deadline, max_bytes)
    except urllib.error.HTTPError as error:
        raise PullFailed(
            _("%(url)s answered HTTP %(status)s.") % {"url": url, "status": error.code}
        ) from error
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise PullFailed(
            _("%(url)s could not be reached: %(reason)s") % {"url": url, "reason": reason}
        ) from error


def _read_bounded(answer, url: str, deadline: float, max_bytes: int) -> bytes:
    """Read in chunks, stopping at the size limit or the deadline (a source that sends a byte
    at a time would otherwise never time out)."""
    chunks, size = [], 0
    while chunk := answer.read(READ_CHUNK_BYTES):
        size += len(chunk)
        if size > max_bytes:
            raise _too_big(url, max_bytes)
        if time.monotonic() > deadline:
            raise PullFailed(_("%(url)s took too long to answer.") % {"url": url})
        chunks.append(chunk)
    return b"".join(chunks)


def _too_big(url: str, max_bytes: int) -> PullFailed:
    return PullFailed(
        _("%(url)s sent more than %(limit)s bytes.") % {"url": url, "limit": max_bytes}
    )


def parse_document(content: bytes) -> list:
    try:
        document = json.loads(content)
    except (ValueError, UnicodeDecodeError) as error:
        raise PullFailed(_("The document is not JSON: %(error)s") % {"error": error}) from None
    if not isinstance(document, list):
        raise PullFailed(_("The document must be a JSON list of measurements."))
    return document


# ---------------------------------------------------------------------------------------------
# Applying


def apply_item(client: ApiClient, number: int, raw: Any) -> ItemResult:
    """Store one item as the API's PUT would, or say why it is refused."""
    where = raw if isinstance(raw, dict) else {}
    result = ItemResult(
        number,
        where.get("campaign_id"),
        where.get("agency_code"),
        where.get("indicator_code"),
        status=200,
        detail="",
    )
    try:
        item = PulledItem.model_validate(raw)
        stored = put_measurement(
            client,
            campaign_id=item.campaign_id,
            agency_code=item.agency_code,
            indicator_code=item.indicator_code,
            measurement=Measurement(
                values=item.values, source=item.source, measured_at=item.measured_at
            ),
        )
    except ValidationError as error:
        result.status, result.detail = 422, _("The item is not a valid measurement.")
        result.errors = [
            f"{'.'.join(str(part) for part in problem['loc']) or 'item'}: {problem['msg']}"
            for problem in error.errors()
        ]
    except ApiProblem as problem:
        result.status, result.detail = problem.status, problem.detail
        result.errors = [f"{error['field']}: {error['message']}" for error in problem.errors]
    else:
        result.detail, result.points = _("Stored."), stored.score.points
    return result


def pull_measurements(
    client: ApiClient, url: str, report: ProgressReport | None = None
) -> list[ItemResult]:
    """Fetch the document at ``url`` and apply every item under ``client``'s scope."""
    report = report or (lambda percent, message="": None)
    if not client.is_active:
        raise PullFailed(_("The API client %(name)s was revoked.") % {"name": client.name})
    report(2, _("Fetching %(url)s") % {"url": url})
    items = parse_document(
        fetch_document(
            url,
            token=settings.MEASUREMENT_PULL_TOKEN,
            timeout=settings.MEASUREMENT_PULL_TIMEOUT_SECONDS,
            max_bytes=settings.MEASUREMENT_PULL_MAX_BYTES,
        )
    )
    results = []
    for number, raw in enumerate(items, start=1):
        results.append(apply_item(client, number, raw))
        report(5 + 90 * number // len(items), f"{number}/{len(items)}")
    return results


# ---------------------------------------------------------------------------------------------
# The job


@job_kind(
    MEASUREMENT_PULL,
    action="apiclient.manage",
    label=gettext_lazy("Automatic measurements pulled from a source"),
)
def pull_measurements_job(job: Job, report: ProgressReport) -> JobOutput:
    """``params``: ``client_id`` (the API client whose scope applies) and ``url``."""
    client = ApiClient.objects.get(pk=job.params["client_id"])
    results = pull_measurements(client, job.params["url"], report)
    stored = sum(result.stored for result in results)
    report(
        98,
        _("%(stored)s stored, %(refused)s refused")
        % {"stored": stored, "refused": len(results) - stored},
    )
    return JobOutput(
        f"do-tu-dong-{timezone.localdate():%Y%m%d}-{job.pk}.csv",
        results_csv(results).encode("utf-8-sig"),
        "text/csv",
    )


def results_csv(results: list[ItemResult]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "item",
            "campaign_id",
            "agency_code",
            "indicator_code",
            "status",
            "detail",
            "errors",
            "points",
        ]
    )
    for result in results:
        writer.writerow(
            csv_safe_row(
                [
                    result.number,
                    result.campaign_id,
                    result.agency_code,
                    result.indicator_code,
                    result.status,
                    result.detail,
                    "; ".join(result.errors),
                    "" if result.points is None else str(result.points),
                ]
            )
        )
    return buffer.getvalue()
