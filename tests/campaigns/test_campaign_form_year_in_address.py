"""A year asked for in the new campaign page's address (``/campaigns/new/?year=2027``) pre-fills
the form for that year; one that is not a campaign year gives the form for this year with a
message saying why, never a server error."""

import pytest
from django.urls import reverse
from django.utils import timezone

from dti.agencies.models import Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client):
    user = make_user(Role.COORDINATOR)
    client.force_login(user)
    return user


def test_a_campaign_year_in_the_address_prefills_the_form_for_that_year(client, coordinator):
    page = client.get(reverse("campaigns:create"), {"year": "2030"})

    form = page.context["form"]
    assert form["year"].value() == 2030
    assert form["deadline_self_assessment"].value().year == 2030
    assert not list(page.context["messages"])


@pytest.mark.parametrize("year", ["10000", "0", "-1", "abc", "1999", "2101", "2_030", " 2030"])
def test_a_bad_year_in_the_address_gives_the_form_for_this_year_and_says_why(
    client, coordinator, year
):
    page = client.get(reverse("campaigns:create"), {"year": year})

    assert page.status_code == 200
    this_year = timezone.localdate().year
    form = page.context["form"]
    assert form["year"].value() == this_year
    assert form["deadline_self_assessment"].value().year == this_year
    assert [str(message) for message in page.context["messages"]] == [
        f"Năm trong địa chỉ trang (“{year}”) không phải là một năm từ 2000 đến 2100: biểu mẫu "
        "hiển thị năm nay."
    ]
