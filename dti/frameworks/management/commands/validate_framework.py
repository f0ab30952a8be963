from django.core.management.base import BaseCommand, CommandError

from dti.frameworks.files import FrameworkFileError, read_framework_path


class Command(BaseCommand):
    help = "Check framework files (YAML or .xlsx); print every problem with its place."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")

    def handle(self, *args, **options):
        failed = 0
        for path in options["files"]:
            try:
                document = read_framework_path(path)
            except FrameworkFileError as error:
                failed += 1
                for line in error.lines:
                    self.stderr.write(line)
                continue
            except OSError as error:
                failed += 1
                self.stderr.write(f"{path}: {error.strerror}")
                continue
            count = sum(len(group["indicators"]) for group in document["groups"])
            self.stdout.write(
                f"{path}: OK — {document['code']} v{document['version']}, "
                f"{len(document['groups'])} groups, {count} indicators, "
                f"{document['max_points']} points"
            )
        if failed:
            raise CommandError(f"{failed} file(s) with problems", returncode=1)
