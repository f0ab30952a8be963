from django.core.management.base import BaseCommand, CommandError

from dti.campaigns.models import Campaign, Phase
from dti.campaigns.reminders import ALREADY_SENT, NO_EMAIL, send_reminders

SKIP_REASONS = {
    NO_EMAIL: "no active agency staff or leader with an e-mail address",
    ALREADY_SENT: "already reminded today",
}


def _agency_label(assessment) -> str:
    return f"{assessment.agency.code} {assessment.agency.name} (campaign {assessment.campaign_id})"


class Command(BaseCommand):
    help = (
        "E-mail a reminder to every agency whose self-assessment is still in draft, in the "
        "campaigns in the self-assessment phase. At most one reminder per agency a day: safe "
        "to run daily from cron."
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

    def handle(self, *args, **options):
        campaign_id = options["campaign"]
        dry_run = options["dry_run"]
        if campaign_id is not None:
            self._check_campaign(campaign_id)
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
        if dry_run:
            self.stdout.write(
                f"Dry run: {len(run.sent)} reminders would be sent, {len(run.skipped)} skipped."
            )
        else:
            self.stdout.write(f"{len(run.sent)} reminders sent, {len(run.skipped)} skipped.")

    def _check_campaign(self, campaign_id: int) -> None:
        campaign = Campaign.objects.filter(pk=campaign_id).first()
        if campaign is None:
            raise CommandError(f"--campaign {campaign_id}: no campaign has this id.")
        if campaign.phase != Phase.SELF_ASSESSMENT:
            raise CommandError(
                f"--campaign {campaign_id}: the campaign is in the phase “{campaign.phase}”; "
                f"reminders are sent only during “{Phase.SELF_ASSESSMENT}”."
            )
