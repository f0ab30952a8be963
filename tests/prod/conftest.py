"""The production path for real: an S3-compatible server and a Celery worker on Redis, both
started by the tests on this machine.

- ``s3_endpoint`` (session): moto's S3 server on 127.0.0.1, a free port.
- ``s3_bucket``: a fresh bucket, and the default storage pointed at it as STORAGE=s3 would.
- ``celery_worker`` (session): a real ``celery worker`` process on Redis (redis://127.0.0.1:6379,
  database 13 unless TEST_REDIS_URL says otherwise), on a queue of its own, reading the test
  database and writing its files to a bucket of its own. Without Redis these tests are skipped,
  except in CI (tests/ci.py), where they fail.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from django.db import connection
from django.utils import translation
from moto.server import ThreadedMotoServer

from tests.ci import missing

from .s3 import Bucket, new_bucket, storage_settings

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_TEST_REDIS_URL = "redis://127.0.0.1:6379/13"
WORKER_START_SECONDS = 90


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


# ---------------------------------------------------------------------------------------------
# S3


@pytest.fixture(scope="session")
def s3_endpoint():
    # The server logs every request it serves; the tests' output would drown in them.
    server_log = logging.getLogger("werkzeug")
    level = server_log.level
    server_log.setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()
    server_log.setLevel(level)


@pytest.fixture
def s3_bucket(s3_endpoint, settings, monkeypatch) -> Bucket:
    """A new, empty bucket that the default storage writes to (assigning STORAGES makes Django
    forget the storage it had built)."""
    bucket = new_bucket(s3_endpoint)
    settings.STORAGES = {**settings.STORAGES, "default": storage_settings(bucket, monkeypatch)}
    return bucket


@pytest.fixture
def unused_port() -> int:
    """A port on 127.0.0.1 where nothing listens (as a service that is down)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# ---------------------------------------------------------------------------------------------
# Redis and the Celery worker


def redis_reachable(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def require_redis(url: str) -> None:
    if not redis_reachable(url):
        missing(f"Redis is not reachable at {url}", "start redis-server (or set TEST_REDIS_URL)")


@pytest.fixture(scope="session")
def redis_url() -> str:
    url = os.environ.get("TEST_REDIS_URL", DEFAULT_TEST_REDIS_URL)
    require_redis(url)
    return url


def database_url(settings_dict: dict) -> str:
    """The test database as a DATABASE_URL, for another process to open the same one."""
    if settings_dict["ENGINE"] == "django.db.backends.sqlite3":
        name = str(settings_dict["NAME"])
        if "mode=memory" in name or name == ":memory:":
            pytest.fail("the SQLite test database must be a file for the worker to open it")
        return f"sqlite:///{name}"
    user = quote(settings_dict.get("USER") or "")
    password = quote(settings_dict.get("PASSWORD") or "")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{settings_dict['NAME']}"


@dataclass
class Worker:
    name: str
    queue: str
    bucket: Bucket
    log: Path
    process: subprocess.Popen

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


def _wait_until_ready(app, worker: Worker) -> None:
    deadline = time.monotonic() + WORKER_START_SECONDS
    while time.monotonic() < deadline:
        if worker.process.poll() is not None:
            pytest.fail(f"the Celery worker stopped at start:\n{worker.log_text()[-4000:]}")
        if app.control.ping(destination=[worker.name], timeout=1):
            return
    pytest.fail(f"the Celery worker did not start in time:\n{worker.log_text()[-4000:]}")


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, redis_url, s3_endpoint, tmp_path_factory):
    """A worker process for the whole session, stopped before the test database is dropped."""
    from config.celery import app

    queue = f"dti-test-{uuid.uuid4().hex[:12]}"
    # Other test runs on this machine may have workers on the same Redis: ours has its own name.
    name = f"{queue}@{socket.gethostname()}"
    bucket = new_bucket(s3_endpoint)
    saved = {name: app.conf[name] for name in ("broker_url", "task_default_queue")}
    app.conf.update(broker_url=redis_url, task_default_queue=queue)
    environment = {
        **os.environ,
        **bucket.environment(),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url(connection.settings_dict),
        "REDIS_URL": redis_url,
        "CELERY_QUEUE": queue,
        "JOBS_BACKEND": "celery",
        "JOBS_MAX_ATTEMPTS": "3",
        "JOBS_RETRY_DELAY_SECONDS": "1",
        "LOG_FORMAT": "json",
    }
    log = tmp_path_factory.mktemp("celery") / "worker.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "--app",
                "tests.prod.worker_app",
                "worker",
                "--pool",
                "prefork",
                "--concurrency",
                "1",
                "--queues",
                queue,
                "--hostname",
                name,
                "--without-gossip",
                "--without-mingle",
                "--loglevel",
                "INFO",
            ],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    worker = Worker(name, queue, bucket, log, process)
    try:
        _wait_until_ready(app, worker)
        yield worker
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        app.conf.update(saved)
        app.pool.force_close_all()


@pytest.fixture
def on_the_queue(celery_worker, settings, monkeypatch) -> Worker:
    """Jobs of this test go to the worker's queue, and files to the worker's bucket."""
    settings.JOBS_BACKEND = "celery"
    settings.JOBS_MAX_ATTEMPTS = 3
    settings.STORAGES = {
        **settings.STORAGES,
        "default": storage_settings(celery_worker.bucket, monkeypatch),
    }
    return celery_worker
