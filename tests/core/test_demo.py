"""`make demo` loads what it promises and every printed login works."""

import pytest
from django.core.management import call_command

from dti.assessments.models import AssessmentStatus
from dti.campaigns.models import Campaign, Phase
from dti.core.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(capsys):
    call_command("load_demo")
    return capsys.readouterr().out


def test_every_printed_login_signs_in_and_reaches_its_start_page(client, demo):
    for account in DEMO_ACCOUNTS:
        assert account.username in demo
        assert client.login(username=account.username, password=DEMO_PASSWORD), account
        response = client.get("/", follow=True)
        assert response.status_code == 200, account
        client.logout()


def test_the_demo_campaign_has_agencies_part_way_and_some_submitted(demo):
    campaign = Campaign.objects.get()
    assert campaign.phase == Phase.SELF_ASSESSMENT
    assessments = campaign.assessments.all()
    submitted = [item for item in assessments if item.status == AssessmentStatus.SUBMITTED]
    part_way = [item for item in assessments if item.status == AssessmentStatus.DRAFT
                and 0 < item.answered_count < item.applicable_count]
    assert len(submitted) >= 3
    assert len(part_way) >= 4
    assert all(item.self_dti_value > 0 for item in submitted)


def test_loading_the_demo_twice_changes_nothing(demo):
    counts = Campaign.objects.count(), Campaign.objects.get().assessments.count()
    call_command("load_demo")
    assert (Campaign.objects.count(), Campaign.objects.get().assessments.count()) == counts
