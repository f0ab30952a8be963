import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Argon2 is deliberately slow; tests hash with MD5 (never used outside tests)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
