"""Who may download and upload the Excel form, and when uploads are refused."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dti.agencies.models import Role
from dti.assessments.models import AssessmentStatus, Response
from dti.campaigns.services import grant_extension
from tests.factories import make_campaign, make_user

from .excel_form_helpers import (
    confirm,
    download,
    logged_in,
    open_assessment,
    set_value,
    upload,
)

pytestmark = pytest.mark.django_db


def _values(assessment):
    return list(
        Response.objects.filter(assessment=assessment)
        .order_by("pk")
        .values_list("values", flat=True)
    )


def test_an_upload_is_refused_after_the_assessment_was_submitted(client):
    assessment, user = open_assessment()
    workbook = download(logged_in(client, user), assessment)
    set_value(workbook, "1.1", "meetings", 4)
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.save(update_fields=["status"])

    response = upload(client, assessment, workbook)

    assert response.context["closed_reason"] == "The assessment has been submitted."
    assert "changes" not in response.context
    assert _values(assessment) == [{}, {}, {}]


def test_an_upload_is_refused_past_the_deadline(client):
    agency_user = make_user(Role.AGENCY_STAFF)
    campaign = make_campaign([agency_user.agency], year=2025)  # its deadlines have passed
    assessment = campaign.assessments.get()
    workbook = download(logged_in(client, agency_user), assessment)
    set_value(workbook, "1.1", "meetings", 4)

    response = upload(client, assessment, workbook)

    assert response.context["closed_reason"].startswith("The deadline has passed")
    assert _values(assessment) == [{}, {}, {}]


def test_an_extension_reopens_the_upload_for_its_agency(client):
    coordinator = make_user(Role.COORDINATOR)
    agency_user = make_user(Role.AGENCY_STAFF)
    campaign = make_campaign([agency_user.agency], year=2025, by=coordinator)
    assessment = campaign.assessments.get()
    grant_extension(
        assessment,
        until=timezone.now() + datetime.timedelta(days=2),
        reason="Xin gia hạn",
        by=coordinator,
    )
    workbook = download(logged_in(client, agency_user), assessment)
    set_value(workbook, "1.1", "meetings", 4)

    preview = upload(client, assessment, workbook)
    confirm(client, assessment, preview.context["digest"])

    assert assessment.responses.get(indicator__code="1.1").points == 20


def test_another_agencys_user_can_neither_download_nor_upload(client):
    assessment, owner = open_assessment()
    workbook = download(logged_in(client, owner), assessment)
    set_value(workbook, "1.1", "meetings", 4)
    client.logout()
    logged_in(client, make_user(Role.AGENCY_LEADER))

    assert client.get(reverse("assessments:excel_download", args=[assessment.pk])).status_code == (
        403
    )
    assert client.get(reverse("assessments:excel_upload", args=[assessment.pk])).status_code == 403
    assert upload(client, assessment, workbook).status_code == 403
    assert confirm(client, assessment, "0" * 64).status_code == 403
    assert _values(assessment) == [{}, {}, {}]


def test_the_coordinator_may_download_but_not_upload(client):
    assessment, _owner = open_assessment()
    logged_in(client, make_user(Role.COORDINATOR))

    assert client.get(reverse("assessments:excel_download", args=[assessment.pk])).status_code == (
        200
    )
    assert client.get(reverse("assessments:excel_upload", args=[assessment.pk])).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    assessment, _owner = open_assessment()

    response = client.get(reverse("assessments:excel_download", args=[assessment.pk]))

    assert response.status_code == 302
    assert "login" in response.url


def test_the_overview_offers_the_upload_only_while_the_agency_may_edit(client):
    assessment, user = open_assessment()
    overview = reverse("assessments:overview", args=[assessment.pk])
    download_url = reverse("assessments:excel_download", args=[assessment.pk])
    upload_url = reverse("assessments:excel_upload", args=[assessment.pk])

    open_page = logged_in(client, user).get(overview).content.decode()
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.save(update_fields=["status"])
    closed_page = client.get(overview).content.decode()

    assert download_url in open_page and upload_url in open_page
    assert download_url in closed_page and upload_url not in closed_page
