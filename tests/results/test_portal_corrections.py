"""A campaign reopened after finalisation shows the correction — its date and reason — on the
ranking and agency pages."""

import pytest
from django.urls import reverse

from dti.campaigns.models import Phase
from dti.results.services import reopen_campaign
from tests.results.portal_helpers import tied_cycle

pytestmark = pytest.mark.django_db

REASON = "Sửa điểm chỉ số 1.2 của Sở Y tế theo ý kiến Hội đồng"


def test_a_correction_is_shown_with_its_reason_on_both_pages(client):
    cycle = tied_cycle()
    reopen_campaign(cycle.campaign, REASON, cycle.coordinator)
    cycle.move(Phase.PUBLISHED)
    campaign = cycle.campaign.pk
    for url in (
        reverse("portal:ranking", args=[campaign, "department"]),
        reverse("portal:agency", args=[campaign, "SYT"]),
    ):
        response = client.get(url)
        assert [item.reason for item in response.context["reopenings"]] == [REASON]
        assert REASON in response.content.decode()


def test_results_published_without_correction_show_no_correction(client):
    cycle = tied_cycle()
    response = client.get(reverse("portal:ranking", args=[cycle.campaign.pk, "department"]))
    assert list(response.context["reopenings"]) == []
    assert 'class="notice portal-corrections"' not in response.content.decode()


def test_reopening_a_published_campaign_withdraws_its_results_until_republished(client):
    """The public never sees corrected figures before the coordinator publishes them."""
    from django.urls import reverse

    from dti.campaigns.models import Phase
    from dti.results.services import reopen_campaign
    from tests.appraisals.cycle import build_cycle

    cycle = build_cycle()
    cycle.accept_all(1)
    cycle.move(Phase.APPRAISAL_2)
    cycle.accept_all(2)
    cycle.move(Phase.PUBLISHED)
    ranking = reverse("portal:ranking", args=[cycle.campaign.pk, "department"])
    assert client.get(ranking).status_code == 200
    reopen_campaign(cycle.campaign, "Sai số liệu chỉ số 1.1 của Sở Y tế", cycle.coordinator)
    assert client.get(ranking).status_code == 404
    index = client.get(reverse("portal:index"))
    assert "Sai số liệu chỉ số 1.1 của Sở Y tế" in index.content.decode()
    cycle.move(Phase.PUBLISHED)
    assert client.get(ranking).status_code == 200
