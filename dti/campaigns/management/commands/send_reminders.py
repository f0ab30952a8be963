from django.core.management.base import BaseCommand, CommandError

from dti.campaigns.jobs import REMINDERS, SKIP_REASONS
from dti.campaigns.models import Campaign, Phase
from dti.campaigns.reminders import send_reminders
from dti.jobs.services import enqueue_scheduled


def _agency_label(assessment) -> str:
    return f"{assessment.agency.code} {assessment.agency.name} (campaign {assessment.campaign_id})"


class Command(BaseCommand):
    help = (
        "E-mail a reminder to every agency whose self-assessment is still in draft, in the "
        "campaigns in the self-assessment phase. At most one reminder per agency a day: safe "
        "to run daily from cron. Exits with status 1 when some reminders could not be sent (the "
        "others are); running it again retries only those."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--campaign",
            type=int,
            metavar="ID",
            help="Only this campaign (it must be in the self-assessment phase).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show who would be reminded; send and record nothing.",
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Send them as a background job (on the task queue with JOBS_BACKEND=celery) "
            "and print the job's number; its result file lists who was reminded.",
        )

    def handle(self, *args, **options):
        campaign_id = options["campaign"]
        dry_run = options["dry_run"]
        if campaign_id is not None:
            self._check_campaign(campaign_id)
        if options["queue"]:
            self._queue(campaign_id, dry_run)
            return
        run = send_reminders(campaign_id=campaign_id, dry_run=dry_run)
        sent_label = "would send" if dry_run else "sent"
        for reminder in run.sent:
            self.stdout.write(
                f"{sent_label}: {_agency_label(reminder.assessment)} → "
                f"{', '.join(reminder.recipients)}"
            )
        for skipped in run.skipped:
            self.stdout.write(
                f"skipped: {_agency_label(skipped.assessment)}: {SKIP_REASONS[skipped.reason]}"
            )
        for failed in run.failed:
            self.stderr.write(
                f"failed: {_agency_label(failed.assessment)} → "
                f"{', '.join(failed.reminder.recipients)}: {failed.error}"
            )
        if dry_run:
            self.stdout.write(
                f"Dry run: {len(run.sent)} reminders would be sent, {len(run.skipped)} skipped."
            )
            return
        self.stdout.write(
            f"{len(run.sent)} reminders sent, {len(run.skipped)} skipped, {len(run.failed)} failed."
        )
        if run.failed:
            # A non-zero exit makes cron (or whoever runs it) report the failure; the failed
            # reminders were not logged as sent, so running the command again retries them.
            raise CommandError(
                f"{len(run.failed)} reminder(s) could not be sent; run the command again to "
                "retry them."
            )

    def _queue(self, campaign_id: int | None, dry_run: bool) -> None:
        if dry_run:
            raise CommandError("--queue and --dry-run cannot be combined: a dry run is immediate.")
        params = {} if campaign_id is None else {"campaign_id": campaign_id}
        job = enqueue_scheduled(REMINDERS, params)
        job.refresh_from_db()
        self.stdout.write(f"Job #{job.pk} ({REMINDERS}): {job.status}. {job.message}")

    def _check_campaign(self, campaign_id: int) -> None:
        campaign = Campaign.objects.filter(pk=campaign_id).first()
        if campaign is None:
            raise CommandError(f"--campaign {campaign_id}: no campaign has this id.")
        if campaign.phase != Phase.SELF_ASSESSMENT:
            raise CommandError(
                f"--campaign {campaign_id}: the campaign is in the phase “{campaign.phase}”; "
                f"reminders are sent only during “{Phase.SELF_ASSESSMENT}”."
            )
