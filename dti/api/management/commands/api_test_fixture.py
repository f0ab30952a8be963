"""Data for testing the JSON API from outside (schemathesis in CI), in an empty database.

Creates a small framework with one automatically measured indicator, one agency taking part in
a campaign open for self-assessment, one campaign with published results, and an API client
whose token is the one given (so the caller can send it). Refuses a database that already holds
campaigns: a known token has no place in real data.
"""

from __future__ import annotations

import datetime
import secrets

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from dti.agencies.models import Agency, Role, Tier
from dti.agencies.services import create_account
from dti.api.models import ApiClient
from dti.api.services import create_client
from dti.api.tokens import PREFIX_SHOWN, TOKEN_PREFIX, token_digest
from dti.campaigns.models import Campaign, Phase
from dti.campaigns.services import create_campaign, default_deadlines, move_phase
from dti.frameworks.services import load_framework
from dti.results.services import freeze_results

FRAMEWORK = {
    "code": "API-TEST",
    "version": 1,
    "year": 2025,
    "tier": "department",
    "status": "active",
    "title": {"vi": "Bộ chỉ số thử API", "en": "API test framework"},
    "legal_reference": {"number": "1/QĐ-API", "date": "2025-01-15", "issuer": "Thử nghiệm"},
    "max_points": 30,
    "source_confirmed": True,
    "groups": [
        {
            "code": "1",
            "name": {"vi": "Dịch vụ công trực tuyến", "en": "Online public services"},
            "max_points": 30,
            "source_confirmed": True,
            "indicators": [
                {
                    "code": "1.1",
                    "name": "Số cuộc họp",
                    "max_points": 10,
                    "source_confirmed": True,
                    "inputs": [{"code": "meetings", "type": "integer", "label": "Số cuộc họp"}],
                    "rule": {
                        "type": "steps",
                        "value": "meetings",
                        "bands": [{"min": 2, "points": 10}, {"min": 1, "points": 5}],
                    },
                },
                {
                    "code": "1.2",
                    "name": "Tỷ lệ hồ sơ trực tuyến",
                    "max_points": 20,
                    "source_confirmed": True,
                    "measurement": "automatic",
                    "evidence": {"required": False},
                    "inputs": [
                        {"code": "online", "type": "integer", "label": "Hồ sơ trực tuyến"},
                        {"code": "total", "type": "integer", "label": "Tổng số hồ sơ"},
                    ],
                    "constraints": ["online <= total"],
                    "rule": {
                        "type": "ratio",
                        "numerator": "online",
                        "denominator": "total",
                        "if_denominator_zero": "not_applicable",
                    },
                },
            ],
        }
    ],
}


class Command(BaseCommand):
    help = "Load a small data set for testing the JSON API, with an API client holding TOKEN."

    def add_arguments(self, parser):
        parser.add_argument("--token", required=True, help=f"the client's token ({TOKEN_PREFIX}…)")

    @transaction.atomic
    def handle(self, *args, token: str, **options):
        if not token.startswith(TOKEN_PREFIX) or len(token) < 24:
            raise CommandError(f"The token must start with {TOKEN_PREFIX} and be long.")
        if Campaign.objects.exists():
            raise CommandError("This command is for an empty database; this one has campaigns.")
        framework = load_framework(FRAMEWORK)
        agency = Agency.objects.create(code="SYT", name="Sở Y tế (thử API)", tier=Tier.DEPARTMENT)
        coordinator = create_account(
            username="api-fixture",
            password=secrets.token_urlsafe(24),
            role=Role.COORDINATOR,
        )
        year = timezone.localdate().year
        open_campaign = self._campaign(framework, agency, coordinator, year)
        move_phase(open_campaign, Phase.SELF_ASSESSMENT, coordinator)
        # Results frozen straight from the (empty) self-assessment: enough to read them back.
        published = self._campaign(framework, agency, coordinator, year - 1)
        freeze_results(published, coordinator)
        Campaign.objects.filter(pk=published.pk).update(
            phase=Phase.PUBLISHED, published_at=timezone.now()
        )
        created = create_client(
            name="CI",
            description="schemathesis",
            indicators=framework.indicators.filter(code="1.2"),
            agencies=[],
            by=coordinator,
        )
        ApiClient.objects.filter(pk=created.client.pk).update(
            token_hash=token_digest(token), token_prefix=token[:PREFIX_SHOWN]
        )
        self.stdout.write(
            f"Campaign {open_campaign.pk} (self-assessment) and {published.pk} (published); "
            f"agency {agency.code}; automatic indicator 1.2; client CI."
        )
        # For scripts: where a measurement can be written.
        self.stdout.write(f"OPEN_CAMPAIGN_ID={open_campaign.pk}")

    def _campaign(self, framework, agency, coordinator, year) -> Campaign:
        """A campaign in preparation, its deadlines a month ahead."""
        first = timezone.now() + datetime.timedelta(days=30)
        deadlines = {
            key: first + datetime.timedelta(days=index)
            for index, key in enumerate(default_deadlines(year))
        }
        return create_campaign(
            year=year,
            title=f"DTI {year} (API test)",
            plan_reference="KH thử API",
            frameworks=[framework],
            agencies=[agency],
            by=coordinator,
            deadlines=deadlines,
        )
