"""A campaign open for self-assessment and an API client allowed to write indicator 2.2.

In the small test framework 2.2 is the automatically measured indicator (a choice ``level``
and an optional date ``issued_on``); it applies only to agencies flagged digital_economy: SCT
has it, SYT does not.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from dti.agencies.models import Agency, Role, Tier, User
from dti.api.models import ApiClient
from dti.api.services import create_client
from dti.assessments.models import Response
from dti.campaigns.models import Campaign
from tests.assessments.helpers import open_deadlines
from tests.factories import make_agency, make_campaign, make_user

MEASUREMENT = {
    "values": {"level": "partial", "issued_on": "2025-03-01"},
    "source": "Cổng DVC quốc gia",
    "measured_at": "2025-10-31T00:00:00+07:00",
}


@dataclass
class ApiSetup:
    coordinator: User
    agencies: dict[str, Agency]
    campaign: Campaign
    client: ApiClient
    token: str

    def response(self, agency_code: str, indicator_code: str) -> Response:
        return Response.objects.get(
            assessment__campaign=self.campaign,
            assessment__agency__code=agency_code,
            indicator__code=indicator_code,
        )

    def url(self, agency_code: str = "SCT", indicator_code: str = "2.2") -> str:
        return f"/api/measurements/{self.campaign.pk}/{agency_code}/{indicator_code}"


def build_setup(deadline_days: int = 10) -> ApiSetup:
    coordinator = make_user(Role.COORDINATOR)
    agencies = {
        "SCT": make_agency("SCT", Tier.DEPARTMENT, flags=["digital_economy"]),
        "SYT": make_agency("SYT", Tier.DEPARTMENT),
    }
    campaign = make_campaign(
        agencies.values(), by=coordinator, deadlines=open_deadlines(deadline_days)
    )
    framework = campaign.frameworks.get()
    created = create_client(
        name="Cổng DVC",
        description="",
        indicators=framework.indicators.filter(code="2.2"),
        agencies=[],
        by=coordinator,
    )
    return ApiSetup(coordinator, agencies, campaign, created.client, created.token)


def put(http, url: str, body, token: str | None, **headers):
    """PUT ``body`` (a dict sent as JSON, or raw text) with the token, asking for English."""
    data = body if isinstance(body, str) else json.dumps(body)
    if token is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return http.put(
        url, data=data, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en", **headers
    )
