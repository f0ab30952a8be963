"""Production settings pass `manage.py check --deploy`; unsafe ones stop the start loudly."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import config.settings as configured

ROOT = Path(__file__).resolve().parents[2]
# Variables of the developer's shell that would change the settings under test.
SETTINGS = (
    "DJANGO_",
    "DTI_",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "SECURE_",
    "REQUIRE_2FA",
    "STORAGE",
    "S3_",
    "JOBS_",
    "REDIS_URL",
    "LOG_FORMAT",
    "SERVE_STATIC",
    "TRUSTED_PROXIES",
)


def manage(*arguments, **environment):
    """Run manage.py in a fresh process with only the given settings variables."""
    clean = {name: value for name, value in os.environ.items() if not name.startswith(SETTINGS)}
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **environment},
        capture_output=True,
        text=True,
        timeout=120,
    )


def production(**overrides):
    return {
        "DTI_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "dti.example.gov.vn",
        "CSRF_TRUSTED_ORIGINS": "https://dti.example.gov.vn",
        **overrides,
    }


def test_production_settings_pass_the_deployment_check_without_a_warning():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **production())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_demo_settings_fail_the_deployment_check():
    result = manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W009", "security.W012"):
        assert warning in result.stderr


def test_production_without_a_secret_key_does_not_start():
    settings = production()
    del settings["SECRET_KEY"]
    result = manage("check", **settings)
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is the demo key or too weak" in result.stderr


def test_a_real_host_name_with_the_demo_key_does_not_start():
    result = manage("check", ALLOWED_HOSTS="dti.example.gov.vn")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_with_debug_does_not_start():
    result = manage("check", **production(DEBUG="true"))
    assert result.returncode != 0
    assert "DEBUG must be false when DTI_ENV=production" in result.stderr


def test_an_unknown_environment_name_does_not_start():
    result = manage("check", DTI_ENV="prod")
    assert result.returncode != 0
    assert "DTI_ENV='prod'" in result.stderr


def test_passwords_are_hashed_with_argon2():
    # The tests themselves hash with MD5 for speed (tests/conftest.py); this is what runs.
    assert configured.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
