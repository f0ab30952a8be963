"""Agencies chosen by hand for a campaign must be active in its year: one that ended before it
(or starts after it) is refused by name, in the form and in the service."""

import pytest
from django.urls import reverse
from django.utils import timezone

from dti.agencies.models import Role, Tier
from dti.campaigns.models import Campaign
from dti.campaigns.services import CampaignError, create_campaign, default_deadlines
from dti.frameworks.services import load_framework
from tests.factories import make_agency, make_user
from tests.frameworks.helpers import small_document

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year + 1


@pytest.fixture
def framework():
    return load_framework(small_document())


@pytest.fixture
def coordinator():
    return make_user(Role.COORDINATOR)


@pytest.fixture
def agencies():
    return {
        "active": make_agency("SYT", Tier.DEPARTMENT, name="Sở Y tế"),
        "ended": make_agency(
            "SBCVT", Tier.DEPARTMENT, name="Sở Bưu chính Viễn thông", active_until=2020
        ),
        "later": make_agency("SMOI", Tier.DEPARTMENT, name="Sở Mới", active_from=YEAR + 1),
    }


def form_data(framework, chosen) -> dict:
    data = {
        "year": YEAR,
        "title": f"DTI {YEAR}",
        "framework_department": framework.pk,
        "agencies": [agency.pk for agency in chosen],
    }
    for phase, due in default_deadlines(YEAR).items():
        data[f"deadline_{phase}"] = timezone.localtime(due).strftime("%d/%m/%Y")
    return data


ENDED = (
    f"Sở Bưu chính Viễn thông chỉ hoạt động đến năm 2020 nên không thể tham gia đợt đánh giá "
    f"năm {YEAR}."
)
LATER = f"Sở Mới chỉ hoạt động từ năm {YEAR + 1} nên không thể tham gia đợt đánh giá năm {YEAR}."


def test_the_form_refuses_agencies_not_active_in_the_year_naming_each(
    client, coordinator, framework, agencies
):
    client.force_login(coordinator)

    page = client.post(reverse("campaigns:create"), form_data(framework, agencies.values()))

    assert page.status_code == 200
    assert page.context["form"].errors["agencies"] == [ENDED, LATER]
    assert ENDED in page.content.decode()
    assert not Campaign.objects.exists()


def test_the_form_accepts_agencies_active_in_the_year(client, coordinator, framework, agencies):
    client.force_login(coordinator)

    page = client.post(reverse("campaigns:create"), form_data(framework, [agencies["active"]]))

    assert page.status_code == 302
    campaign = Campaign.objects.get()
    assert [assessment.agency for assessment in campaign.assessments.all()] == [agencies["active"]]


def test_the_service_refuses_agencies_not_active_in_the_year_naming_each(
    coordinator, framework, agencies
):
    with pytest.raises(CampaignError) as refused:
        create_campaign(
            year=YEAR,
            title=f"DTI {YEAR}",
            plan_reference="",
            frameworks=[framework],
            agencies=list(agencies.values()),
            by=coordinator,
        )

    assert refused.value.problems == [ENDED, LATER]
    assert not Campaign.objects.exists()
