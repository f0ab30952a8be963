"""The account list: filters by role, agency tier, status and text, 50 accounts a page."""

import pytest
from django.urls import reverse

from dti.agencies.models import Role, Tier, User
from tests.factories import make_agency, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client):
    user = make_user(Role.COORDINATOR, username="dieuphoi")
    client.force_login(user)
    return user


def usernames(client, **query) -> list[str]:
    response = client.get(reverse("accounts:list"), query)
    return [account.username for account in response.context["page"]]


def test_the_list_filters_by_role_tier_status_and_text(client, coordinator):
    health = make_agency("SYT", Tier.DEPARTMENT, name="Sở Y tế")
    ward = make_agency("P-HK", Tier.COMMUNE, name="Phường Hoàn Kiếm")
    make_user(Role.AGENCY_STAFF, agency=health, username="canbo.syt")
    make_user(Role.AGENCY_LEADER, agency=ward, username="lanhdao.hk")
    retired = make_user(Role.COUNCIL_MEMBER, username="hoidong.cu")
    User.objects.filter(pk=retired.pk).update(is_active=False, full_name="Đỗ Văn Cũ")

    assert usernames(client, role=Role.AGENCY_LEADER) == ["lanhdao.hk"]
    assert usernames(client, tier=Tier.DEPARTMENT) == ["canbo.syt"]
    assert usernames(client, active="no") == ["hoidong.cu"]
    assert "hoidong.cu" not in usernames(client, active="yes")
    assert usernames(client, q="Hoàn Kiếm") == ["lanhdao.hk"]
    assert usernames(client, q="Văn Cũ") == ["hoidong.cu"]
    assert usernames(client) == ["canbo.syt", "dieuphoi", "hoidong.cu", "lanhdao.hk"]


def test_the_list_shows_fifty_accounts_a_page(client, coordinator):
    User.objects.bulk_create(
        User(username=f"member{number:03}", role=Role.COUNCIL_MEMBER) for number in range(60)
    )
    first = client.get(reverse("accounts:list"), {"role": Role.COUNCIL_MEMBER})
    second = client.get(reverse("accounts:list"), {"role": Role.COUNCIL_MEMBER, "page": 2})
    assert len(first.context["page"]) == 50
    assert len(second.context["page"]) == 10
    assert f"role={Role.COUNCIL_MEMBER}&amp;page=2" in first.content.decode()
