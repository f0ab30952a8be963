"""GET /api/results: only published campaigns' frozen results, ranked per tier."""

from django.utils import timezone

from dti.agencies.models import Role
from dti.assessments.services import save_response
from dti.campaigns.models import Campaign, Phase
from dti.results.services import freeze_results
from tests.assessments.helpers import FULL_ANSWERS
from tests.factories import make_user


def _freeze(setup, published: bool) -> None:
    """SCT answers everything, SYT nothing; the results are frozen (and published)."""
    staff = make_user(Role.AGENCY_STAFF, setup.agencies["SCT"])
    assessment = setup.campaign.assessments.get(agency__code="SCT")
    for response in assessment.responses.select_related("indicator"):
        save_response(
            response,
            values=FULL_ANSWERS[response.indicator.code],
            not_applicable=False,
            note="",
            by=staff,
        )
    freeze_results(setup.campaign, setup.coordinator)
    if published:
        Campaign.objects.filter(pk=setup.campaign.pk).update(
            phase=Phase.PUBLISHED, published_at=timezone.now()
        )


def test_published_results_are_ranked_per_tier(setup, client):
    _freeze(setup, published=True)

    answer = client.get(f"/api/results/{setup.campaign.pk}")

    assert answer.status_code == 200
    [tier] = answer.json()["tiers"]
    assert tier["tier"] == "department"
    first, second = tier["results"]
    assert (first["agency_code"], first["rank"]) == ("SCT", 1)
    assert (second["agency_code"], second["rank"]) == ("SYT", 2)
    assert first["points"] == "47.50"
    assert first["dti_value"] == "0.7917"
    assert [group["code"] for group in first["groups"]] == ["1", "2"]
    assert first["groups"][0]["points"] == "27.50"
    assert first["rank_robust"] in (True, False)


def test_published_campaigns_are_listed(setup, client):
    _freeze(setup, published=True)

    [item] = client.get("/api/results").json()

    assert item["campaign_id"] == setup.campaign.pk


def test_frozen_but_unpublished_results_are_absent(setup, client):
    _freeze(setup, published=False)

    assert client.get("/api/results").json() == []
    answer = client.get(f"/api/results/{setup.campaign.pk}", HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 404
    assert "no published results" in answer.json()["detail"]
