"""The new campaign form keeps the deadlines consistent with the campaign's year."""

import datetime

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone

from dti.agencies.models import Role, Tier
from dti.campaigns.models import PHASE_ORDER, Campaign
from dti.frameworks.services import load_framework
from tests.factories import make_agency, make_user
from tests.frameworks.helpers import small_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework():
    return load_framework(small_document())


@pytest.fixture
def coordinator(client):
    user = make_user(Role.COORDINATOR)
    client.force_login(user)
    return user


def prefilled(page) -> dict:
    """The form's fields as the page shows them, as a browser would send them back."""
    form = page.context["form"]
    return {"year": form["year"].value()} | {
        f"deadline_{phase}": form[f"deadline_{phase}"].value().strftime("%d/%m/%Y")
        for phase in PHASE_ORDER
    }


def test_a_new_year_with_the_deadlines_prefilled_for_this_year_is_refused_next_to_each(
    client, coordinator, framework
):
    make_agency("SYT", Tier.DEPARTMENT)
    this_year = timezone.localdate().year
    data = prefilled(client.get(reverse("campaigns:create")))
    assert data["year"] == this_year
    data |= {"year": this_year + 1, "title": "DTI", "framework_department": framework.pk}

    page = client.post(reverse("campaigns:create"), data)

    assert page.status_code == 200
    assert not Campaign.objects.exists()
    form = page.context["form"]
    for phase in PHASE_ORDER:
        assert form.errors[f"deadline_{phase}"] == [
            f"Thời hạn này trước năm của đợt đánh giá ({this_year + 1})."
        ]
    assert form["deadline_self_assessment"].value() == data["deadline_self_assessment"]
    assert "Thời hạn này trước năm của đợt đánh giá" in page.content.decode()


def test_a_deadline_already_passed_is_refused_at_creation(client, coordinator, framework):
    make_agency("SYT", Tier.DEPARTMENT)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    data = {"year": yesterday.year, "title": "DTI", "framework_department": framework.pk}
    for index, phase in enumerate(PHASE_ORDER):
        day = yesterday + datetime.timedelta(days=2 * index)
        data[f"deadline_{phase}"] = day.strftime("%d/%m/%Y")

    page = client.post(reverse("campaigns:create"), data)

    assert not Campaign.objects.exists()
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert page.context["form"].errors == {
        "deadline_preparation": [f"Thời hạn này đã qua (hôm nay là ngày {today})."]
    }


def test_consistent_deadlines_create_the_campaign_with_them(client, coordinator, framework):
    make_agency("SYT", Tier.DEPARTMENT)
    next_year = timezone.localdate().year + 1
    data = prefilled(client.get(reverse("campaigns:create"), {"year": next_year}))
    data |= {"title": "DTI", "framework_department": framework.pk}

    response = client.post(reverse("campaigns:create"), data)

    assert response.status_code == 302
    campaign = Campaign.objects.get()
    assert campaign.year == next_year
    assert {timezone.localtime(item.due_at).year for item in campaign.deadlines.all()} == {
        next_year
    }


def test_the_year_in_the_address_prefills_the_deadlines_of_that_year(client, coordinator):
    form = client.get(reverse("campaigns:create"), {"year": 2031}).context["form"]
    assert form["year"].value() == 2031
    assert {form[f"deadline_{phase}"].value().year for phase in PHASE_ORDER} == {2031}


def test_the_page_loads_the_script_that_moves_the_deadlines_with_the_year(client, coordinator):
    html = client.get(reverse("campaigns:create")).content.decode()
    assert '<form method="post" novalidate class="card" data-deadline-year>' in html
    assert f'<script src="{static("js/campaign-deadlines.js")}" defer></script>' in html
    assert finders.find("js/campaign-deadlines.js")
