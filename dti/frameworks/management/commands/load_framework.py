from django.core.management.base import BaseCommand, CommandError

from dti.core.formatting import ui_renderer
from dti.frameworks.files import FrameworkFileError, read_framework_path
from dti.frameworks.services import FrameworkLoadError, load_framework


class Command(BaseCommand):
    help = "Load a framework file (YAML or .xlsx) all-or-nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")
        parser.add_argument(
            "--update",
            action="store_true",
            help="Replace the content of an already loaded code + version in place.",
        )

    def handle(self, *args, **options):
        path = options["file"]
        try:
            document = read_framework_path(path)
            framework = load_framework(document, update=options["update"])
        except FrameworkFileError as error:
            raise CommandError("\n".join(error.lines), returncode=1) from None
        except FrameworkLoadError as error:
            renderer = ui_renderer()
            lines = [f"{path}: {problem.render(renderer)}" for problem in error.problems]
            raise CommandError("\n".join(lines), returncode=1) from None
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}", returncode=1) from None
        self.stdout.write(f"Loaded {framework} ({framework.indicators.count()} indicators).")
