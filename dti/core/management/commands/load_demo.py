from django.core.management.base import BaseCommand

from dti.agencies.models import Role
from dti.core import demo
from dti.frameworks.mapping_format import load_shipped_mappings


class Command(BaseCommand):
    help = "Load the shipped frameworks and agencies and the demo accounts; print the logins."

    def handle(self, *args, **options):
        demo.load_agency_lists()
        loaded = demo.load_shipped_frameworks()
        loaded += load_shipped_mappings()
        accounts = demo.ensure_demo_accounts()
        campaigns = demo.ensure_demo_campaigns()
        if loaded:
            self.stdout.write("Frameworks loaded: " + ", ".join(loaded))
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {demo.DEMO_PASSWORD})")
        self.stdout.write(f"  {'username':<18} {'role':<16} agency")
        for account in accounts:
            role = Role(account.role).value
            self.stdout.write(f"  {account.username:<18} {role:<16} {account.agency_code or '—'}")
        for campaign in campaigns:
            self.stdout.write(
                f"Campaign: {campaign} — {campaign.get_phase_display()}, "
                f"{campaign.assessments.count()} assessments"
            )
        self.stdout.write("")
        self.stdout.write("Open http://127.0.0.1:8000/ and sign in.")
