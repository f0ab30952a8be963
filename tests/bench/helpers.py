"""Generated campaigns shared by the tests of a module (generating takes a few seconds)."""

from __future__ import annotations

from contextlib import contextmanager

from django.core.management import call_command

from dti.core.scale import ScaleReport, generate_campaign


@contextmanager
def flushed_afterwards(django_db_blocker):
    """Write to the test database outside the tests' transactions (data shared by a module's
    tests), and empty it afterwards."""
    with django_db_blocker.unblock():
        try:
            yield
        finally:
            call_command("flush", "--no-input", verbosity=0)


@contextmanager
def generated_campaigns(django_db_blocker, *specs: dict):
    """Generate one campaign per spec (``generate_campaign``'s arguments), yield their
    reports, and empty the database afterwards."""
    with flushed_afterwards(django_db_blocker):
        reports: list[ScaleReport] = [generate_campaign(**spec) for spec in specs]
        yield reports
