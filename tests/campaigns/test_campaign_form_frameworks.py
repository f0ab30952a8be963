"""The new campaign form offers only the active frameworks of each tier."""

import pytest
from django.urls import reverse
from django.utils import timezone

from dti.agencies.models import Role, Tier
from dti.campaigns.models import Campaign
from dti.campaigns.services import default_deadlines
from dti.frameworks.services import load_framework
from tests.factories import make_agency, make_user
from tests.frameworks.helpers import small_document

pytestmark = pytest.mark.django_db


def framework(code: str, status: str, tier: str = Tier.DEPARTMENT):
    document = small_document()
    document.update(code=code, status=status, tier=tier)
    return load_framework(document)


@pytest.fixture
def frameworks():
    return {
        "active": framework("ACTIVE", "active"),
        "draft": framework("DRAFT", "draft"),
        "retired": framework("RETIRED", "retired"),
        "commune": framework("COMMUNE", "active", Tier.COMMUNE),
    }


@pytest.fixture
def coordinator(client):
    user = make_user(Role.COORDINATOR)
    client.force_login(user)
    return user


def test_each_tier_offers_only_its_active_frameworks(client, coordinator, frameworks):
    form = client.get(reverse("campaigns:create")).context["form"]
    assert list(form.fields["framework_department"].queryset) == [frameworks["active"]]
    assert list(form.fields["framework_commune"].queryset) == [frameworks["commune"]]
    html = client.get(reverse("campaigns:create")).content.decode()
    assert "DRAFT v1" not in html and "RETIRED v1" not in html


@pytest.mark.parametrize("status", ["draft", "retired"])
def test_a_framework_that_is_not_active_is_refused_if_posted(
    client, coordinator, frameworks, status
):
    make_agency("SYT", Tier.DEPARTMENT)
    year = timezone.localdate().year + 1
    data = {"year": year, "title": "DTI", "framework_department": frameworks[status].pk}
    for phase, due in default_deadlines(year).items():
        data[f"deadline_{phase}"] = timezone.localtime(due).strftime("%d/%m/%Y")

    page = client.post(reverse("campaigns:create"), data)

    assert page.status_code == 200
    assert page.context["form"].errors["framework_department"]
    assert not Campaign.objects.exists()
