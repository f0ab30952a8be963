"""The coordinator lets one late agency keep working, with a reason, on the extension page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dti.agencies.models import Role, Tier
from dti.assessments.models import Response
from dti.audit.models import AuditEvent
from dti.campaigns.models import Extension, Phase
from tests.assessments.helpers import open_deadlines
from tests.factories import make_agency, make_campaign, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    return make_agency("SCT", Tier.DEPARTMENT, name="Sở Công Thương")


@pytest.fixture
def coordinator():
    return make_user(Role.COORDINATOR)


@pytest.fixture
def late_assessment(agency, coordinator):
    """An assessment whose self-assessment deadline passed yesterday."""
    campaign = make_campaign([agency], by=coordinator, deadlines=open_deadlines(days=-1))
    return campaign.assessments.get()


def extension_url(assessment):
    return reverse("campaigns:extension", args=[assessment.campaign_id, assessment.pk])


def save_meetings(client, assessment, meetings):
    url = reverse("assessments:indicator", args=[assessment.pk, "1.1"])
    return client.post(url, {"meetings": meetings, "note": ""})


def stored_meetings(assessment):
    return Response.objects.get(assessment=assessment, indicator__code="1.1").values


def in_days(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).strftime("%d/%m/%Y")


def test_a_late_save_is_refused_until_the_coordinator_grants_an_extension_on_the_page(
    client, late_assessment, coordinator, agency
):
    staff = make_user(Role.AGENCY_STAFF, agency)
    client.force_login(staff)
    refused = save_meetings(client, late_assessment, "3")
    assert refused.status_code == 200
    assert refused.context["closed_reason"].startswith("Đã hết thời hạn")
    assert stored_meetings(late_assessment) == {}

    client.force_login(coordinator)
    page = client.get(extension_url(late_assessment))
    assert "Gia hạn cho Sở Công Thương" in page.content.decode()
    granted = client.post(
        extension_url(late_assessment), {"until": in_days(3), "reason": "Sự cố mạng"}
    )
    assert granted.status_code == 302
    assert granted["Location"] == reverse("campaigns:detail", args=[late_assessment.campaign_id])
    extension = Extension.objects.get()
    assert (extension.phase, extension.reason, extension.granted_by) == (
        Phase.SELF_ASSESSMENT,
        "Sự cố mạng",
        coordinator,
    )
    assert timezone.localtime(extension.until).strftime("%d/%m/%Y %H:%M") == (f"{in_days(3)} 23:59")
    event = AuditEvent.objects.get(action="assessment.extension")
    assert (event.reason, event.agency, event.actor) == ("Sự cố mạng", agency, coordinator)

    client.force_login(staff)
    assert save_meetings(client, late_assessment, "3").status_code == 302
    assert stored_meetings(late_assessment) == {"meetings": "3"}


@pytest.mark.parametrize("reason", ["", "   "])
def test_an_extension_without_a_reason_is_refused_next_to_the_reason(
    client, late_assessment, coordinator, reason
):
    client.force_login(coordinator)
    page = client.post(extension_url(late_assessment), {"until": in_days(3), "reason": reason})
    assert page.status_code == 200
    assert page.context["form"].errors["reason"]
    assert page.context["form"]["until"].value() == in_days(3)
    assert not Extension.objects.exists()
    assert not AuditEvent.objects.filter(action="assessment.extension").exists()


def test_an_extension_ending_in_the_past_is_refused_with_the_reason_why(
    client, late_assessment, coordinator
):
    client.force_login(coordinator)
    page = client.post(
        extension_url(late_assessment), {"until": in_days(-1), "reason": "Sự cố mạng"}
    )
    assert page.status_code == 200
    assert page.context["problems"] == ["Thời hạn gia hạn phải sau thời điểm hiện tại."]
    assert not Extension.objects.exists()


def test_the_page_lists_the_extensions_already_granted(client, late_assessment, coordinator):
    client.force_login(coordinator)
    client.post(extension_url(late_assessment), {"until": in_days(2), "reason": "Lần một"})
    client.post(extension_url(late_assessment), {"until": in_days(5), "reason": "Lần hai"})
    page = client.get(extension_url(late_assessment))
    assert [item.reason for item in page.context["extensions"]] == ["Lần hai", "Lần một"]
