from django.core.management.base import BaseCommand, CommandError

from dti.core import scale


class Command(BaseCommand):
    help = (
        "Generate a campaign of N communes (GEN-00001, …) with the 2025 commune framework: "
        "accounts, responses, evidence links, appraisals and, when published, results. "
        "The same seed gives the same campaign."
    )

    def add_arguments(self, parser):
        parser.add_argument("--agencies", type=int, required=True, help="number of agencies")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument("--campaign-title", default="", help="title of the campaign")
        parser.add_argument(
            "--phase",
            choices=scale.PHASES,
            default=scale.Phase.APPRAISAL_1,
            help="the phase the campaign is left in (default appraisal_1)",
        )

    def handle(self, *args, **options):
        try:
            report = scale.generate_campaign(
                agencies=options["agencies"],
                seed=options["seed"],
                title=options["campaign_title"],
                phase=options["phase"],
            )
        except scale.ScaleDataError as error:
            raise CommandError(str(error)) from error
        for line in report.lines():
            self.stdout.write(line)
