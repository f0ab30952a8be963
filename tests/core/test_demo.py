"""`make demo` loads what it promises and every printed login works."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from dti.agencies.models import User
from dti.appraisals.models import Appraisal
from dti.assessments.models import AssessmentStatus
from dti.campaigns.models import Campaign, Phase
from dti.core.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo is loaded once for this module (it takes a while), then wiped."""
    output = io.StringIO()
    with django_db_blocker.unblock():
        call_command("load_demo", stdout=output)
        yield output.getvalue()
        call_command("flush", "--no-input", verbosity=0)


def test_every_printed_login_signs_in_and_reaches_its_start_page(client, demo):
    for account in DEMO_ACCOUNTS:
        assert account.username in demo
        assert client.login(username=account.username, password=DEMO_PASSWORD), account
        response = client.get("/", follow=True)
        assert response.status_code == 200, account
        client.logout()


def test_no_demo_account_is_asked_to_change_its_password(client, demo):
    """The demo's shared, printed password is meant to be used as it is."""
    assert not User.objects.filter(must_change_password=True).exists()
    client.login(username=DEMO_ACCOUNTS[0].username, password=DEMO_PASSWORD)
    assert client.get(reverse("notifications:list")).status_code == 200


def test_the_demo_has_published_campaigns_and_campaigns_in_progress(demo):
    phases = {}
    for campaign in Campaign.objects.order_by("year", "pk"):
        phases.setdefault(campaign.year, []).append(campaign.phase)
    assert phases == {
        2024: [Phase.PUBLISHED],
        2025: [Phase.PUBLISHED, Phase.SELF_ASSESSMENT],
        2026: [Phase.EXPLANATION],
    }


def test_the_portal_shows_the_change_against_the_previous_year(client, demo):
    from dti.results.models import Result
    from dti.results.selectors import previous_results

    campaign = Campaign.objects.get(year=2025, phase=Phase.PUBLISHED)
    results = list(
        Result.objects.filter(assessment__campaign=campaign).select_related(
            "assessment__campaign", "assessment__framework"
        )
    )
    comparisons = previous_results(results)
    assert any(comparison.comparable for comparison in comparisons.values())
    page = client.get(f"/ket-qua/{campaign.pk}/department/")
    assert page.status_code == 200
    assert "2024" in page.content.decode()


def test_the_explanation_campaign_has_adjusted_indicators_with_reasons(demo):
    campaign = Campaign.objects.get(phase=Phase.EXPLANATION)
    adjusted = Appraisal.objects.filter(assessment__campaign=campaign, decision="adjusted")
    assert adjusted.count() >= 5
    assert all(item.reason for item in adjusted)
    assert campaign.assessments.filter(explanation_submitted_at__isnull=False).exists()


def test_the_commune_campaign_has_agencies_part_way_and_some_submitted(demo):
    campaign = Campaign.objects.get(phase=Phase.SELF_ASSESSMENT)
    assessments = campaign.assessments.all()
    submitted = [item for item in assessments if item.status == AssessmentStatus.SUBMITTED]
    part_way = [
        item
        for item in assessments
        if item.status == AssessmentStatus.DRAFT and 0 < item.answered_count < item.applicable_count
    ]
    assert len(submitted) >= 3
    assert len(part_way) >= 4
    assert all(item.self_dti_value > 0 for item in submitted)


def test_loading_the_demo_twice_changes_nothing(demo):
    counts = Campaign.objects.count(), Appraisal.objects.count()
    call_command("load_demo", stdout=io.StringIO())
    assert (Campaign.objects.count(), Appraisal.objects.count()) == counts
