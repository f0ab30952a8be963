"""GET /health/ tells a load balancer whether this app process can serve: database, storage
and job queue, each checked for real."""

import pytest
from django.urls import reverse

from .s3 import Bucket, storage_settings

pytestmark = pytest.mark.django_db


def health(client):
    answer = client.get(reverse("health"))
    return answer.status_code, answer.json()


def test_the_embedded_default_is_healthy_without_a_login(client, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            # Not made yet: the first upload makes it.
            "OPTIONS": {"location": str(tmp_path / "media"), "base_url": None},
        },
    }
    settings.JOBS_BACKEND = "thread"

    assert health(client) == (
        200,
        {"status": "ok", "checks": {"database": "ok", "storage": "ok", "queue": "not used"}},
    )


def test_the_answer_is_never_cached(client):
    assert "no-store" in client.get(reverse("health"))["Cache-Control"]


def test_the_production_parts_are_checked_for_real(client, s3_bucket, redis_url, settings):
    from config.celery import app

    settings.JOBS_BACKEND = "celery"
    app.conf.broker_url, saved = redis_url, app.conf.broker_url
    try:
        status, body = health(client)
    finally:
        app.conf.broker_url = saved

    assert (status, body["checks"]) == (200, {"database": "ok", "storage": "ok", "queue": "ok"})


def test_a_missing_bucket_makes_the_process_unavailable(client, s3_endpoint, settings, monkeypatch):
    missing = Bucket("dti-bucket-that-was-never-made", s3_endpoint)
    settings.STORAGES = {**settings.STORAGES, "default": storage_settings(missing, monkeypatch)}

    status, body = health(client)

    assert (status, body["status"], body["checks"]["storage"]) == (503, "unavailable", "failed")
    assert body["checks"]["database"] == "ok"


def test_an_unreachable_queue_makes_the_process_unavailable(client, settings, unused_port):
    from config.celery import app

    settings.JOBS_BACKEND = "celery"
    app.conf.broker_url, saved = f"redis://127.0.0.1:{unused_port}/0", app.conf.broker_url
    try:
        status, body = health(client)
    finally:
        app.conf.broker_url = saved

    assert (status, body["checks"]["queue"]) == (503, "failed")


def test_health_is_answered_over_plain_http_in_production(client, settings):
    """Probes come from inside the network, without TLS: no redirect to https."""
    settings.SECURE_SSL_REDIRECT = True

    assert client.get(reverse("health")).status_code == 200
    assert client.get(reverse("login")).status_code == 301
