"""An agency reaches only its own results and explanations: every URL of the explanation pages
refuses another agency's users, and the roles that consolidate elsewhere."""

import pytest
from django.urls import reverse

from dti.agencies.models import Role
from dti.appraisals.models import Explanation
from dti.appraisals.services import save_explanation
from dti.assessments.models import Evidence
from dti.campaigns.models import Phase
from tests.appraisals.explanation_helpers import (
    SCT_REASON,
    adjusted_cycle,
    every_url,
    explanation_link,
)
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle():
    cycle = adjusted_cycle(Phase.EXPLANATION)
    save_explanation(cycle.response("SCT", "1.1"), "Bổ sung biên bản", cycle.staff["SCT"])
    return cycle


@pytest.fixture
def sct_urls(cycle):
    evidence = explanation_link(cycle, "SCT", "1.1")
    return every_url(cycle.assessment("SCT").pk, "1.1", evidence.pk)


def assert_refused_everywhere(client, urls):
    for url in urls:
        statuses = set()
        for method in (client.get, client.post):
            result = method(url, {"text": "Ghi đè", "url": "https://example.gov.vn/x"})
            statuses.add(result.status_code)
            assert SCT_REASON.encode() not in result.content
        # 405 where a URL takes only the other method; 403 wherever the request is taken.
        assert 403 in statuses and statuses <= {403, 405}, (url, statuses)


@pytest.mark.parametrize("who", ["staff", "leaders"])
def test_another_agencys_users_are_refused_every_url(client, cycle, sct_urls, who):
    client.force_login(getattr(cycle, who)["SYT"])
    assert_refused_everywhere(client, sct_urls)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.WORKING_GROUP, Role.COUNCIL_MEMBER])
def test_roles_that_consolidate_elsewhere_are_refused(client, sct_urls, role):
    client.force_login(make_user(role))
    assert_refused_everywhere(client, sct_urls)


def test_appraisers_are_refused_even_for_their_assigned_indicator(client, cycle, sct_urls):
    client.force_login(cycle.appraiser_for("1.1"))
    assert_refused_everywhere(client, sct_urls)


def test_refused_requests_change_nothing(client, cycle, sct_urls):
    client.force_login(cycle.leaders["SYT"])
    assert_refused_everywhere(client, sct_urls)
    assert Explanation.objects.get().text == "Bổ sung biên bản"
    assert Evidence.objects.filter(stage="explanation").count() == 1
    assert cycle.assessment("SCT").explanation_submitted_at is None


def test_anonymous_visitors_are_sent_to_the_login_page(client, sct_urls):
    login = reverse("login")
    for url in sct_urls:
        for method in (client.get, client.post):
            result = method(url)
            assert result.status_code == 302 and result.url.startswith(login), url
