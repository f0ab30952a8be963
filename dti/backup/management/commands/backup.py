from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from dti.backup.archive import default_archive_name, write_backup


def archive_path(output: str | None) -> Path:
    """The archive to write: ``output``, the default name inside ``output`` when it is a folder,
    or the default name in the current folder."""
    if not output:
        return Path.cwd() / default_archive_name()
    path = Path(output)
    return path / default_archive_name() if path.is_dir() else path


class Command(BaseCommand):
    help = (
        "Write every row and every stored file (evidence, job results) to one ZIP archive, "
        "with a manifest of counts and SHA-256 hashes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            metavar="FILE",
            help="The archive to write, or a folder to write it in under the default name "
            "dti-backup-YYYYMMDD-HHMMSS.zip (default: the current folder).",
        )

    def handle(self, *args, **options):
        destination = archive_path(options["output"])
        try:
            manifest = write_backup(destination)
        except OSError as error:
            raise CommandError(f"{destination}: {error.strerror or error}", returncode=1) from None
        for name in manifest.missing_files:
            self.stderr.write(
                _("Warning: %(name)s is referenced by the data but missing from the storage.")
                % {"name": name}
            )
        self.stdout.write(
            _("Wrote %(path)s: %(rows)s rows of %(models)s models, %(files)s files (%(size)s).")
            % {
                "path": destination,
                "rows": manifest.total_rows,
                "models": len(manifest.models),
                "files": len(manifest.files),
                "size": filesizeformat(manifest.total_file_bytes),
            }
        )
