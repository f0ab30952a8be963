"""The coordinator edits a campaign's deadlines on its deadlines page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dti.agencies.models import Role
from dti.audit.models import AuditEvent
from dti.campaigns.models import PHASE_ORDER, Phase
from dti.campaigns.services import default_deadlines
from tests.factories import make_agency, make_campaign, make_user

pytestmark = pytest.mark.django_db

YEAR = 2030


@pytest.fixture
def coordinator(client):
    user = make_user(Role.COORDINATOR)
    client.force_login(user)
    return user


@pytest.fixture
def campaign(coordinator):
    return make_campaign(
        [make_agency()], by=coordinator, year=YEAR, deadlines=default_deadlines(YEAR)
    )


def deadlines_url(campaign):
    return reverse("campaigns:deadlines", args=[campaign.pk])


def shown_dates(page) -> dict[str, str]:
    form = page.context["form"]
    return {
        f"deadline_{phase}": form[f"deadline_{phase}"].value().strftime("%d/%m/%Y")
        for phase in PHASE_ORDER
    }


def stored(campaign) -> dict[str, datetime.date]:
    return {item.phase: timezone.localtime(item.due_at).date() for item in campaign.deadlines.all()}


def test_the_page_shows_the_deadlines_and_saves_the_changed_one_with_an_audit_event(
    client, campaign
):
    data = shown_dates(client.get(deadlines_url(campaign)))
    assert data["deadline_self_assessment"] == f"10/11/{YEAR}"
    data["deadline_self_assessment"] = f"14/11/{YEAR}"

    response = client.post(deadlines_url(campaign), data)

    assert response.status_code == 302
    assert response["Location"] == reverse("campaigns:detail", args=[campaign.pk])
    assert stored(campaign)[Phase.SELF_ASSESSMENT] == datetime.date(YEAR, 11, 14)
    closes = timezone.localtime(campaign.deadline_of(Phase.SELF_ASSESSMENT))
    assert (closes.hour, closes.minute) == (23, 59)  # the whole day given
    event = AuditEvent.objects.get(action="campaign.deadlines")
    assert list(event.after) == [Phase.SELF_ASSESSMENT]
    assert event.before[Phase.SELF_ASSESSMENT].startswith(f"{YEAR}-11-10")


def test_a_deadline_before_the_previous_phase_is_refused_next_to_it(client, campaign):
    before = stored(campaign)
    data = shown_dates(client.get(deadlines_url(campaign)))
    data["deadline_appraisal_1"] = f"01/11/{YEAR}"  # before the self-assessment's 10/11

    page = client.post(deadlines_url(campaign), data)

    assert page.status_code == 200
    assert page.context["form"].errors == {
        "deadline_appraisal_1": ["Thời hạn này sớm hơn thời hạn của giai đoạn trước."]
    }
    assert f'value="01/11/{YEAR}"' in page.content.decode()
    assert stored(campaign) == before
    assert not AuditEvent.objects.filter(action="campaign.deadlines").exists()


def test_a_deadline_before_the_campaign_year_is_refused_next_to_it(client, campaign):
    data = shown_dates(client.get(deadlines_url(campaign)))
    data["deadline_preparation"] = f"30/04/{YEAR - 1}"

    page = client.post(deadlines_url(campaign), data)

    assert page.context["form"].errors == {
        "deadline_preparation": [f"Thời hạn này trước năm của đợt đánh giá ({YEAR})."]
    }


def test_a_deadline_in_the_past_may_be_kept_for_a_running_campaign(client, coordinator):
    year = timezone.localdate().year - 1
    campaign = make_campaign([make_agency()], by=coordinator, year=year, deadlines=None)
    data = shown_dates(client.get(deadlines_url(campaign)))
    data["deadline_published"] = f"21/12/{year}"

    assert client.post(deadlines_url(campaign), data).status_code == 302
    assert stored(campaign)[Phase.PUBLISHED] == datetime.date(year, 12, 21)


def test_an_unreadable_date_is_refused_next_to_its_field(client, campaign):
    data = shown_dates(client.get(deadlines_url(campaign)))
    data["deadline_council"] = "31/13/2030"

    page = client.post(deadlines_url(campaign), data)

    assert list(page.context["form"].errors) == ["deadline_council"]
