from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dti.frameworks.excel_format import write_workbook
from dti.frameworks.models import Framework
from dti.frameworks.services import framework_document
from dti.frameworks.yaml_format import dump_yaml


class Command(BaseCommand):
    help = "Write a loaded framework to a .yaml or .xlsx file (by the output file's suffix)."

    def add_arguments(self, parser):
        parser.add_argument("code")
        parser.add_argument("output", metavar="FILE")
        parser.add_argument(
            "--framework-version",
            dest="framework_version",
            type=int,
            help="Version to export (default: the highest).",
        )

    def handle(self, *args, **options):
        frameworks = Framework.objects.filter(code=options["code"]).order_by("-version")
        if options["framework_version"]:
            frameworks = frameworks.filter(version=options["framework_version"])
        framework = frameworks.first()
        if framework is None:
            raise CommandError(f"No framework {options['code']} is loaded.")
        output = Path(options["output"])
        document = framework_document(framework)
        if output.suffix.lower() == ".xlsx":
            output.write_bytes(write_workbook(document))
        elif output.suffix.lower() in (".yaml", ".yml"):
            output.write_text(dump_yaml(document), encoding="utf-8")
        else:
            raise CommandError("The output file must end in .yaml, .yml or .xlsx.")
        self.stdout.write(f"Wrote {framework} to {output}.")
