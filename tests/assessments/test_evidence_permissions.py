"""Who may see, attach and delete evidence: agencies only ever reach their own."""

import pytest
from django.urls import reverse

from dti.agencies.models import Role
from dti.assessments.evidence import add_file_evidence, add_link_evidence
from dti.assessments.models import Evidence
from tests.assessments.evidence_helpers import (
    MINIMAL_PDF,
    open_campaign,
    upload,
    use_temporary_storage,
)
from tests.factories import make_agency, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def storage_dir(settings, tmp_path):
    return use_temporary_storage(settings, tmp_path / "media")


@pytest.fixture
def agency():
    return make_agency("SYT")


@pytest.fixture
def other_agency():
    return make_agency("SCT")


@pytest.fixture
def staff(agency):
    return make_user(Role.AGENCY_STAFF, agency)


@pytest.fixture
def campaign(agency, other_agency):
    return open_campaign([agency, other_agency])


@pytest.fixture
def response(campaign, agency):
    return campaign.assessments.get(agency=agency).responses.get(indicator__code="1.1")


@pytest.fixture
def pdf_evidence(response, staff):
    return add_file_evidence(response, upload("bien-ban.pdf", MINIMAL_PDF), "", staff)


def download_url(item):
    return reverse("assessments:evidence_download", args=[item.pk])


@pytest.mark.parametrize("role", [Role.AGENCY_STAFF, Role.AGENCY_LEADER])
def test_users_of_the_same_agency_may_download(client, pdf_evidence, agency, role):
    client.force_login(make_user(role, agency))
    assert client.get(download_url(pdf_evidence)).status_code == 200


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.WORKING_GROUP])
def test_coordinator_and_working_group_may_download_any_agencys_evidence(
    client, pdf_evidence, role
):
    client.force_login(make_user(role))
    assert client.get(download_url(pdf_evidence)).status_code == 200


@pytest.mark.parametrize("role", [Role.AGENCY_STAFF, Role.AGENCY_LEADER])
def test_another_agencys_users_are_refused_the_file(client, pdf_evidence, other_agency, role):
    client.force_login(make_user(role, other_agency))
    result = client.get(download_url(pdf_evidence))
    assert result.status_code == 403
    assert MINIMAL_PDF not in result.content


@pytest.mark.parametrize("role", [Role.APPRAISER, Role.COUNCIL_MEMBER])
def test_roles_without_evidence_view_are_refused(client, pdf_evidence, role):
    client.force_login(make_user(role))
    assert client.get(download_url(pdf_evidence)).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(client, pdf_evidence):
    result = client.get(download_url(pdf_evidence))
    assert result.status_code == 302
    assert result["Location"].startswith(reverse("login"))


def test_another_agency_cannot_attach_to_this_assessment(client, response, other_agency):
    client.force_login(make_user(Role.AGENCY_STAFF, other_agency))
    url = reverse("assessments:evidence_add", args=[response.assessment_id, "1.1"])
    result = client.post(url, {"url": "https://example.org/"})
    assert result.status_code == 403
    assert not Evidence.objects.exists()


def test_the_coordinator_cannot_attach_evidence_for_an_agency(client, response):
    client.force_login(make_user(Role.COORDINATOR))
    url = reverse("assessments:evidence_add", args=[response.assessment_id, "1.1"])
    assert client.post(url, {"url": "https://example.org/"}).status_code == 403
    assert not Evidence.objects.exists()


def test_another_agency_cannot_delete_this_agencys_evidence(client, response, staff, other_agency):
    item = add_link_evidence(response, "https://example.org/", "", staff)
    client.force_login(make_user(Role.AGENCY_STAFF, other_agency))
    result = client.post(reverse("assessments:evidence_delete", args=[item.pk]))
    assert result.status_code == 403
    assert Evidence.objects.filter(pk=item.pk).exists()


def test_deleting_needs_a_post(client, response, staff):
    item = add_link_evidence(response, "https://example.org/", "", staff)
    client.force_login(staff)
    assert client.get(reverse("assessments:evidence_delete", args=[item.pk])).status_code == 405
    assert Evidence.objects.filter(pk=item.pk).exists()
