"""Fill the database of DATABASE_URL (migrated, empty) with the backup tests' dataset, in a
process of its own: ``python -m tests.backup.populate``, run by test_cross_database.py.

The files go to MEDIA_ROOT. Passwords are hashed quickly, as in the tests (never used outside).
"""

import os

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["JOBS_BACKEND"] = "inline"  # the dataset's job runs at its commit
    django.setup()
    import pytest
    from django.test import override_settings

    from tests.backup.helpers import build_dataset

    fast_hashing = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
    )
    with fast_hashing, pytest.MonkeyPatch.context() as monkeypatch:
        build_dataset(monkeypatch)


if __name__ == "__main__":
    main()
