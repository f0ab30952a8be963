from django.core.management.base import BaseCommand, CommandError

from dti.agencies.importing import AgencyImportError, import_agencies_path


class Command(BaseCommand):
    help = "Create or update agencies from a .csv or .xlsx list (all-or-nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")

    def handle(self, *args, **options):
        try:
            summary = import_agencies_path(options["file"])
        except AgencyImportError as error:
            raise CommandError("\n".join(error.lines), returncode=1) from None
        except OSError as error:
            raise CommandError(f"{options['file']}: {error.strerror}", returncode=1) from None
        self.stdout.write(f"{len(summary.created)} created, {len(summary.updated)} updated.")
