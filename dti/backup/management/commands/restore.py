from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from dti.backup.archive import (
    RestoreFailed,
    RestorePlan,
    RestoreRefused,
    check_restore,
    restore_backup,
)


class Command(BaseCommand):
    help = (
        "Load a backup archive into an empty, migrated database and an empty storage, after "
        "checking it against its manifest; verify the result."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, **options):
        try:
            plan = check_restore(options["file"])
        except RestoreRefused as refused:
            raise self.refusal(refused) from None
        self.describe(plan)
        if not options["yes"] and not self.confirmed():
            raise CommandError(_("Restore cancelled; nothing was changed."), returncode=1)
        try:
            summary = restore_backup(plan)
        except RestoreRefused as refused:
            raise self.refusal(refused) from None
        except RestoreFailed as failed:
            lines = [_("Restore failed; the database was rolled back:"), *failed.problems]
            raise CommandError("\n".join(lines), returncode=1) from None
        for name in summary.missing_files:
            self.stderr.write(
                _("Warning: %(name)s was already missing when the backup was made.")
                % {"name": name}
            )
        self.stdout.write(
            _(
                "Restored and verified %(rows)s rows of %(models)s models and %(files)s files "
                "(%(written)s written, %(present)s already in the storage)."
            )
            % {
                "rows": summary.rows,
                "models": summary.models,
                "files": summary.files_written + summary.files_present,
                "written": summary.files_written,
                "present": summary.files_present,
            }
        )

    def refusal(self, refused: RestoreRefused) -> CommandError:
        lines = [_("Restore refused; nothing was changed:"), *refused.problems]
        return CommandError("\n".join(lines), returncode=1)

    def describe(self, plan: RestorePlan) -> None:
        manifest = plan.manifest
        self.stdout.write(
            _(
                "%(path)s (made %(created)s) checked: %(rows)s rows of %(models)s models and "
                "%(files)s files match the manifest."
            )
            % {
                "path": plan.path,
                "created": manifest.created_at,
                "rows": manifest.total_rows,
                "models": len(manifest.models),
                "files": len(manifest.files),
            }
        )

    def confirmed(self) -> bool:
        database = connection.settings_dict["NAME"]
        prompt = _("Load it into the database %(database)s? Type “yes” to go on: ") % {
            "database": database
        }
        try:
            return input(prompt).strip().lower() == "yes"
        except EOFError:
            return False
