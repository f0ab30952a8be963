import pytest
from hypothesis import settings as hypothesis_settings


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Argon2 is deliberately slow; tests hash with MD5 (never used outside tests)."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",  # accounts hashed outside a test
    ]


@pytest.fixture(autouse=True)
def _jobs_run_inline(settings):
    """Background jobs run at commit in the test's own thread (a test may switch to threads)."""
    settings.JOBS_BACKEND = "inline"


# Property tests check behaviour, not speed: no per-example deadline (a loaded CI machine must not
# turn a slow example into a failure). Speed is measured in bench/.
hypothesis_settings.register_profile("dti", deadline=None)
hypothesis_settings.load_profile("dti")
