from django.core.management.base import BaseCommand
from django.utils import translation

from dti.agencies.permissions import permission_table_markdown


class Command(BaseCommand):
    help = "Print the permission table (role × action, with scope) as Markdown for the README."

    def handle(self, *args, **options):
        with translation.override("en"):
            self.stdout.write(permission_table_markdown())
