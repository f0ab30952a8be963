from django.core.management.base import BaseCommand, CommandError

from dti.frameworks.mapping_format import MappingFileError, load_mapping_path


class Command(BaseCommand):
    help = (
        "Load a framework mapping file (YAML: which earlier indicator each later indicator "
        "compares with) all-or-nothing; it replaces the mapping of the same two frameworks."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")

    def handle(self, *args, **options):
        path = options["file"]
        try:
            mapping, replaced = load_mapping_path(path)
        except MappingFileError as error:
            raise CommandError("\n".join(error.lines), returncode=1) from None
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}", returncode=1) from None
        verb = "Replaced" if replaced else "Loaded"
        self.stdout.write(
            f"{verb} the mapping {mapping} ({mapping.indicators.count()} indicators)."
        )
