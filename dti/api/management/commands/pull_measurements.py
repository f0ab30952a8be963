from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from dti.api.models import ApiClient
from dti.api.pulls import MEASUREMENT_PULL
from dti.jobs.models import JobStatus
from dti.jobs.services import enqueue_scheduled


class Command(BaseCommand):
    help = (
        "Fetch automatically measured inputs from the source system (a JSON list of "
        "measurements at MEASUREMENT_PULL_URL) and store each one as the API's PUT would, "
        "under the scope of the API client MEASUREMENT_PULL_CLIENT. Runs as a background job "
        "(on the task queue with JOBS_BACKEND=celery); safe to run again, e.g. nightly from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--url", help="The document to fetch (default: MEASUREMENT_PULL_URL).")
        parser.add_argument(
            "--client",
            metavar="NAME",
            help="The API client whose indicators and agencies the values may go to "
            "(default: MEASUREMENT_PULL_CLIENT).",
        )

    def handle(self, *args, **options):
        url = options["url"] or settings.MEASUREMENT_PULL_URL
        if not url:
            raise CommandError("No source: set MEASUREMENT_PULL_URL or give --url.")
        client = self._client(options["client"] or settings.MEASUREMENT_PULL_CLIENT)
        job = enqueue_scheduled(MEASUREMENT_PULL, {"client_id": client.pk, "url": url})
        job.refresh_from_db()
        self.stdout.write(f"Job #{job.pk} ({MEASUREMENT_PULL}): {job.status}. {job.message}")
        if job.status == JobStatus.DONE:
            self.stdout.write(f"Item by item: {job.result_storage_name} in the storage.")
        elif job.status == JobStatus.FAILED:
            raise CommandError(f"The pull failed: {job.error}")

    def _client(self, name: str) -> ApiClient:
        if not name:
            raise CommandError("No API client: set MEASUREMENT_PULL_CLIENT or give --client.")
        client = ApiClient.objects.filter(name=name).first()
        if client is None:
            raise CommandError(f"--client {name}: there is no API client with this name.")
        if not client.is_active:
            raise CommandError(f"--client {name}: this API client was revoked.")
        return client
