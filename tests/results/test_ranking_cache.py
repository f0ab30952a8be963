"""The public ranking's rows and chart are built once per publication and then read from the
cache: a second visitor, a search or another sort builds nothing; a correction published again
shows at once; the chart is kept per language."""

import pytest
from django.urls import reverse

from dti.appraisals.models import Decision
from dti.appraisals.services import decide, ensure_round_two
from dti.campaigns.models import Phase
from dti.results import public_views
from dti.results.services import reopen_campaign
from tests.results.portal_helpers import tied_cycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def builds(monkeypatch):
    """What the ranking page actually built: "rows" and "chart", once each time."""
    calls = []
    build_rows, build_chart = public_views.public_ranking, public_views._tier_chart

    def rows(campaign, tier):
        calls.append("rows")
        return build_rows(campaign, tier)

    def chart(campaign, tier):
        calls.append("chart")
        return build_chart(campaign, tier)

    monkeypatch.setattr(public_views, "public_ranking", rows)
    monkeypatch.setattr(public_views, "_tier_chart", chart)
    return calls


def ranking(client, campaign, **query):
    url = reverse("portal:ranking", args=[campaign.pk, "department"])
    response = client.get(url, query)
    assert response.status_code == 200
    return response


def shown(response) -> list[tuple[str, str]]:
    return [(row.agency_code, str(row.dti_value)) for row in response.context["page"]]


def test_visitors_searches_and_sorts_after_the_first_build_nothing(client, builds):
    campaign = tied_cycle().campaign
    first = ranking(client, campaign)
    assert builds == ["rows", "chart"]
    assert (
        shown(ranking(client, campaign))
        == shown(first)
        == [
            ("SCT", "0.7500"),
            ("SYT", "0.7500"),
        ]
    )
    assert shown(ranking(client, campaign, q="y te")) == [("SYT", "0.7500")]
    assert [row[0] for row in shown(ranking(client, campaign, sort="name", dir="desc"))] == [
        "SYT",
        "SCT",
    ]
    assert builds == ["rows", "chart"]


def test_a_correction_published_again_shows_in_the_ranking(client, builds):
    cycle = tied_cycle()
    assert shown(ranking(client, cycle.campaign))[1] == ("SYT", "0.7500")
    reason = "Sở Y tế bổ sung biên bản họp do giám đốc chủ trì"
    reopen_campaign(cycle.campaign, reason, cycle.coordinator)
    appraisal = ensure_round_two(cycle.response("SYT", "1.2"), cycle.appraiser_for("1.2"))
    decide(
        appraisal,
        expected_version=appraisal.version,
        decision=Decision.ADJUSTED,
        values={"chaired": "4", "total": "4"},
        reason=reason,
        by=cycle.appraiser_for("1.2"),
    )
    cycle.move(Phase.PUBLISHED)
    cycle.campaign.refresh_from_db()
    # SYT: 20 + 10 (4 of 4 chaired) + 10 = 40 / 40.
    assert shown(ranking(client, cycle.campaign)) == [("SYT", "1.0000"), ("SCT", "0.7500")]
    assert builds == ["rows", "chart", "rows", "chart"]


def test_the_chart_is_kept_in_each_language(client, builds, settings):
    campaign = tied_cycle().campaign
    vietnamese = ranking(client, campaign).context["chart"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = ranking(client, campaign).context["chart"]
    assert "Average of the tier" in english
    assert "Average of the tier" not in vietnamese
    assert builds == ["rows", "chart", "chart"]
