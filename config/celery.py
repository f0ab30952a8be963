"""The Celery application that runs background jobs in production (JOBS_BACKEND=celery).

Start a worker with ``celery -A config worker --loglevel INFO`` (the queue: CELERY_QUEUE, "dti"
by default). Its settings are the CELERY_* names of config/settings.py; the only task is
``dti.jobs.tasks.run_job_task``, which runs one row of the Job table.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("dti")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["dti.jobs"])
