"""Ranks that are not robust to the group weights are marked, with their interval and the rule
that decides it."""

import pytest
from django.urls import reverse

from dti.agencies.models import Tier
from tests.factories import make_agency
from tests.results.portal_helpers import results_campaign, write_result

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign():
    steady = make_agency("S1", Tier.DEPARTMENT, name="Sở Vững")
    shaky = make_agency("S2", Tier.DEPARTMENT, name="Sở Chênh")
    unknown = make_agency("S3", Tier.DEPARTMENT, name="Sở Chưa Tính")
    campaign = results_campaign([steady, shaky, unknown])
    write_result(campaign, steady, rank=1, group_points=(29, 29), rank_low=1, rank_high=1)
    write_result(
        campaign, shaky, rank=2, group_points=(25, 20), rank_robust=False, rank_low=2, rank_high=3
    )
    write_result(campaign, unknown, rank=3, group_points=(20, 20), rank_robust=None)
    return campaign


def test_only_the_rank_that_is_not_robust_is_marked(client, campaign):
    response = client.get(reverse("portal:ranking", args=[campaign.pk, "department"]))
    content = response.content.decode()
    assert content.count('class="portal-ranking__unrobust"') == 1
    row_start = content.index('class="portal-ranking__unrobust"')
    row = content[row_start : content.index("</tr>", row_start)]
    assert "Sở Chênh" in row
    assert "2–3" in row  # its rank interval over the weight draws
    assert 'href="#robustness"' in row
    assert 'id="robustness"' in content  # the footnote that states the rule


def test_the_agency_page_marks_the_rank_and_gives_its_intervals(client, campaign):
    content = client.get(reverse("portal:agency", args=[campaign.pk, "S2"])).content.decode()
    assert 'href="#robustness"' in content
    assert "2–3" in content
    steady = client.get(reverse("portal:agency", args=[campaign.pk, "S1"])).content.decode()
    assert 'href="#robustness"' not in steady
