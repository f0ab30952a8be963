"""The PAR Index page: the saved rule's points per tier, rule changes audited, only on final
results."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from dti.audit.models import AuditEvent
from dti.campaigns.models import Phase
from dti.results.models import ParIndexRule
from tests.results.outcome_helpers import coordinator, published_campaign

pytestmark = pytest.mark.django_db

PROPORTIONAL = {
    "component_name": "Chuyển đổi số trong các cơ quan nhà nước",
    "method": "proportional",
    "component_max": "3",
}


def test_a_saved_rule_shows_every_agency_of_the_tier_with_its_points(client):
    campaign = published_campaign()
    client.force_login(coordinator())
    response = client.post(reverse("results:par", args=[campaign.pk]), PROPORTIONAL, follow=True)
    assert response.status_code == 200
    (table,) = response.context["tables"]
    assert table.tier == "department"
    assert [(row.agency.code, row.result.rank, row.points) for row in table.rows] == [
        ("A1", 1, Decimal("2.85")),
        ("A2", 2, Decimal("2.55")),
        ("A3", 2, Decimal("2.55")),
        ("A4", 4, Decimal("2.10")),
        ("A5", 5, Decimal("2.00")),  # 3 × 0.6667 = 2.0001
        ("A6", 6, Decimal("1.20")),
    ]
    assert "Sở A5" in response.content.decode()


def test_every_change_of_the_rule_is_audited_with_before_and_after(client):
    campaign = published_campaign()
    user = coordinator()
    client.force_login(user)
    url = reverse("results:par", args=[campaign.pk])
    client.post(url, PROPORTIONAL)
    client.post(url, PROPORTIONAL)  # unchanged: nothing to record
    client.post(url, PROPORTIONAL | {"component_max": "2,5"})
    events = list(AuditEvent.objects.filter(action="par.rule_change").order_by("at", "id"))
    assert len(events) == 2
    assert events[0].actor == user
    assert events[0].before is None
    assert events[0].after["component_max"] == "3"
    assert events[1].before["component_max"] == "3"
    assert events[1].after["component_max"] == "2.5"
    assert ParIndexRule.objects.get(campaign=campaign).component_max == Decimal("2.5")


@pytest.mark.parametrize("phase", [Phase.COUNCIL, Phase.APPRAISAL_2])
def test_before_the_results_are_final_the_page_says_so_and_exports_nothing(client, phase):
    campaign = published_campaign(phase)
    client.force_login(coordinator())
    client.post(reverse("results:par", args=[campaign.pk]), PROPORTIONAL)
    response = client.get(reverse("results:par", args=[campaign.pk]))
    assert response.status_code == 200
    assert response.context["frozen"] is False
    assert response.context["tables"] == []
    assert response.context["not_frozen_message"] in response.content.decode()
    export = client.get(reverse("results:par_export", args=[campaign.pk, "xlsx"]))
    assert export.status_code == 302
    assert [str(message) for message in get_messages(export.wsgi_request)] == [
        response.context["not_frozen_message"]
    ]


def test_a_finalised_campaign_has_its_points_before_publication(client):
    campaign = published_campaign(Phase.FINALIZED)
    client.force_login(coordinator())
    response = client.post(reverse("results:par", args=[campaign.pk]), PROPORTIONAL, follow=True)
    assert response.context["frozen"] is True
    assert len(response.context["tables"][0].rows) == 6


def test_the_form_shows_the_saved_rule_when_the_page_is_opened_again(client):
    campaign = published_campaign()
    client.force_login(coordinator())
    url = reverse("results:par", args=[campaign.pk])
    client.post(
        url,
        PROPORTIONAL
        | {
            "method": "rank_bands",
            "band_1_max_rank": "3",
            "band_1_points": "3",
            "band_2_max_rank": "10",
            "band_2_points": "2,5",
            "otherwise_points": "1",
        },
    )
    form = client.get(url).context["form"]
    assert form.initial["method"] == "rank_bands"
    assert form.initial["band_2_max_rank"] == 10
    assert form.initial["band_2_points"] == Decimal("2.5")
    assert form.initial["otherwise_points"] == Decimal(1)
