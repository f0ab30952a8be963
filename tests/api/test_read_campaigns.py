"""GET /api/campaigns (public schedule) and the agencies' progress (token required)."""

from dti.agencies.models import Agency
from dti.api.services import revoke_client

from .helpers import MEASUREMENT, put


def test_campaigns_are_listed_with_phase_frameworks_and_deadlines(setup, client):
    [campaign] = client.get("/api/campaigns").json()

    assert campaign["id"] == setup.campaign.pk
    assert campaign["phase"] == "self_assessment"
    assert campaign["published_at"] is None
    assert campaign["frameworks"][0]["code"] == "TEST-SMALL"
    phases = [deadline["phase"] for deadline in campaign["deadlines"]]
    assert phases[:2] == ["preparation", "self_assessment"]


def test_progress_needs_a_token(setup, client):
    answer = client.get(f"/api/campaigns/{setup.campaign.pk}/assessments")

    assert answer.status_code == 401


def test_progress_needs_an_active_token(setup, client):
    revoke_client(setup.client, setup.coordinator)

    answer = client.get(
        f"/api/campaigns/{setup.campaign.pk}/assessments",
        HTTP_AUTHORIZATION=f"Bearer {setup.token}",
    )
    assert answer.status_code == 401


def test_progress_gives_status_and_counts_per_agency(setup, client):
    put(client, setup.url(), MEASUREMENT, setup.token)

    answer = client.get(
        f"/api/campaigns/{setup.campaign.pk}/assessments",
        HTTP_AUTHORIZATION=f"Bearer {setup.token}",
    )

    rows = {row["agency_code"]: row for row in answer.json()}
    assert set(rows) == {"SCT", "SYT"}
    assert rows["SCT"]["status"] == "draft"
    assert rows["SCT"]["answered_count"] == 1
    assert rows["SCT"]["applicable_count"] == 4
    assert rows["SYT"]["applicable_count"] == 3
    assert "self_points" not in rows["SCT"]


def test_a_client_scoped_to_agencies_sees_only_their_progress(setup, client):
    setup.client.agencies.set([Agency.objects.get(code="SYT")])

    answer = client.get(
        f"/api/campaigns/{setup.campaign.pk}/assessments",
        HTTP_AUTHORIZATION=f"Bearer {setup.token}",
    )

    assert [row["agency_code"] for row in answer.json()] == ["SYT"]


def test_progress_of_an_unknown_campaign_is_a_404(setup, client):
    answer = client.get(
        f"/api/campaigns/{setup.campaign.pk + 50}/assessments",
        HTTP_AUTHORIZATION=f"Bearer {setup.token}",
    )
    assert answer.status_code == 404
