"""The health check (GET /health/) for load balancers, orchestrators and monitoring.

Answers 200 when every part this process depends on answers, 503 otherwise, with one word per
part: ``database`` (a query), ``storage`` (the evidence store is reachable: the folder exists or
can be made, the bucket can be listed) and ``queue`` (the broker accepts a connection, when jobs
go through the queue; "not used" when they run in the app process). The reasons of a failure are
logged, not shown: the endpoint is public.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

OK, FAILED, NOT_USED = "ok", "failed", "not used"
BROKER_TIMEOUT_SECONDS = 3


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return OK


def check_storage() -> str:
    storage = storages["default"]
    if isinstance(storage, FileSystemStorage):
        # The folder is made on the first upload; until then it is enough that it can be.
        folder = Path(storage.location)
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        if not os.access(folder, os.W_OK):
            raise PermissionError(f"{folder} is not writable")
    else:
        # Listing the top level reaches the store and the bucket (a missing bucket fails here,
        # where asking for one file would merely answer "not there").
        storage.listdir("")
    return OK


def check_queue() -> str:
    if settings.JOBS_BACKEND != "celery":
        return NOT_USED
    from config.celery import app

    with app.connection_for_write() as broker:
        broker.ensure_connection(
            max_retries=1, interval_start=0, interval_step=0, timeout=BROKER_TIMEOUT_SECONDS
        )
    return OK


CHECKS: dict[str, Callable[[], str]] = {
    "database": check_database,
    "storage": check_storage,
    "queue": check_queue,
}


def run_checks() -> dict[str, str]:
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception:  # any failure of a part is that part being unhealthy
            logger.exception("health check: %s failed", name)
            results[name] = FAILED
    return results


@never_cache
@require_GET
def health_view(request):
    checks = run_checks()
    healthy = FAILED not in checks.values()
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )
