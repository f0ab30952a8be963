"""The Celery application of the test worker: the platform's, plus job kinds for the tests.

Started as ``celery --app tests.prod.worker_app worker`` by tests/prod/conftest.py, so that the
worker knows the job kinds of tests/prod/flaky_jobs.py as well as the platform's own.
"""

import django

from config.celery import app

# The test job kinds are models' neighbours: Django must be set up before they are imported.
django.setup()

from tests.prod import flaky_jobs  # noqa: E402, F401  (registers the test job kinds)

__all__ = ["app"]
