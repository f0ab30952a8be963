"""The production settings come from the environment: object storage, the job queue, static
files and logs, each refused loudly when set to something unknown."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Variables of the developer's shell that would change the settings under test.
OURS = (
    "DJANGO_",
    "DTI_",
    "STORAGE",
    "S3_",
    "JOBS_",
    "REDIS_URL",
    "CACHE_URL",
    "CELERY_",
    "LOG_",
    "SERVE_",
)

SHOW = """
import json
from django.conf import settings
storage = settings.STORAGES["default"]
print(json.dumps({
    "storage": storage["BACKEND"],
    "options": {k: v for k, v in storage["OPTIONS"].items() if k != "client_config"},
    "static": settings.STORAGES["staticfiles"]["BACKEND"],
    "whitenoise": "whitenoise.middleware.WhiteNoiseMiddleware" in settings.MIDDLEWARE,
    "jobs": settings.JOBS_BACKEND,
    "broker": settings.CELERY_BROKER_URL,
    "queue": settings.CELERY_TASK_DEFAULT_QUEUE,
    "cache": settings.CACHES["default"]["BACKEND"],
}, default=str))
"""


def settings_with(**environment):
    clean = {name: value for name, value in os.environ.items() if not name.startswith(OURS)}
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {SHOW}"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **environment},
        capture_output=True,
        text=True,
        timeout=120,
    )


def shown(**environment) -> dict:
    result = settings_with(**environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_embedded_default_keeps_files_on_disk_and_jobs_in_process():
    settings = shown()

    assert settings["storage"] == "django.core.files.storage.FileSystemStorage"
    assert settings["static"] == "django.contrib.staticfiles.storage.StaticFilesStorage"
    assert (settings["whitenoise"], settings["jobs"]) == (False, "thread")


def test_storage_s3_puts_files_in_the_named_private_bucket():
    settings = shown(
        STORAGE="s3",
        S3_BUCKET="dti-evidence",
        S3_ENDPOINT_URL="http://minio:9000",
        S3_ACCESS_KEY_ID="dti",
        S3_SECRET_ACCESS_KEY="secret",
    )

    assert settings["storage"] == "storages.backends.s3.S3Storage"
    options = settings["options"]
    assert (options["bucket_name"], options["endpoint_url"]) == (
        "dti-evidence",
        "http://minio:9000",
    )
    assert (options["access_key"], options["secret_key"]) == ("dti", "secret")
    assert options["addressing_style"] == "path"
    assert options["default_acl"] is None
    assert options["file_overwrite"] is True


def test_production_serves_hashed_static_files_and_can_use_the_queue():
    settings = shown(
        DTI_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="dti.example.gov.vn",
        JOBS_BACKEND="celery",
        REDIS_URL="redis://redis:6379/0",
    )

    assert settings["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert settings["whitenoise"] is True
    assert (settings["jobs"], settings["broker"], settings["queue"]) == (
        "celery",
        "redis://redis:6379/0",
        "dti",
    )


def test_unknown_or_incomplete_values_stop_the_start():
    for environment, message in (
        ({"STORAGE": "s3"}, "STORAGE=s3 needs S3_BUCKET"),
        ({"STORAGE": "ftp"}, "STORAGE='ftp': expected 'filesystem' or 's3'"),
        ({"JOBS_BACKEND": "rq"}, "JOBS_BACKEND='rq': expected thread, inline or celery"),
        ({"LOG_FORMAT": "xml"}, "LOG_FORMAT='xml': expected 'plain' or 'json'"),
    ):
        result = settings_with(**environment)
        assert result.returncode != 0
        assert message in result.stderr, environment


def test_each_process_caches_in_its_memory_unless_cache_url_names_a_shared_redis():
    assert shown()["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    shared = shown(CACHE_URL="redis://redis:6379/1")
    assert shared["cache"] == "django.core.cache.backends.redis.RedisCache"
    refused = settings_with(CACHE_URL="memcached://127.0.0.1:11211")
    assert refused.returncode != 0
    assert "CACHE_URL='memcached://127.0.0.1:11211': expected a redis:// address" in refused.stderr
