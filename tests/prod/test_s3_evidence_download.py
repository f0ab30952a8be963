"""Evidence in the S3-compatible store is downloaded through the application, after the
permission check, never from the bucket directly."""

import pytest
from django.urls import reverse

from dti.agencies.models import Role
from dti.assessments.evidence import add_file_evidence
from tests.assessments.evidence_helpers import MINIMAL_PDF, docx_bytes, open_campaign, upload
from tests.factories import make_agency, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency():
    return make_agency("SYT")


@pytest.fixture
def staff(agency):
    return make_user(Role.AGENCY_STAFF, agency)


@pytest.fixture
def response(agency):
    return open_campaign([agency]).assessments.get().responses.get(indicator__code="1.1")


def download(client, user, evidence):
    client.force_login(user)
    return client.get(reverse("assessments:evidence_download", args=[evidence.pk]))


def test_the_agency_downloads_its_file_from_the_bucket_through_the_app(
    client, s3_bucket, response, staff
):
    evidence = add_file_evidence(response, upload("biên bản.pdf", MINIMAL_PDF), "", staff)

    answer = download(client, staff, evidence)

    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert answer["Content-Length"] == str(len(MINIMAL_PDF))
    assert answer["Cache-Control"] == "private, no-store"
    assert b"".join(answer.streaming_content) == MINIMAL_PDF


def test_a_larger_file_is_streamed_whole(client, s3_bucket, response, staff, settings):
    """Past S3_MAX_MEMORY_BYTES the file read back from the store spills to disk."""
    settings.STORAGES["default"]["OPTIONS"]["max_memory_size"] = 1024
    content = docx_bytes("Báo cáo " * 5000)
    evidence = add_file_evidence(response, upload("báo cáo.docx", content), "", staff)

    answer = download(client, staff, evidence)

    assert answer.status_code == 200
    assert b"".join(answer.streaming_content) == content


def test_another_agency_cannot_download_the_file(client, s3_bucket, response, staff):
    evidence = add_file_evidence(response, upload("biên bản.pdf", MINIMAL_PDF), "", staff)
    outsider = make_user(Role.AGENCY_STAFF, make_agency("SCT"))

    assert download(client, outsider, evidence).status_code == 403


def test_a_visitor_is_sent_to_the_login_page(client, s3_bucket, response, staff):
    evidence = add_file_evidence(response, upload("biên bản.pdf", MINIMAL_PDF), "", staff)

    answer = client.get(reverse("assessments:evidence_download", args=[evidence.pk]))

    assert answer.status_code == 302
    assert answer["Location"].startswith(reverse("login"))


def test_a_file_missing_from_the_bucket_is_not_found(client, s3_bucket, response, staff):
    evidence = add_file_evidence(response, upload("biên bản.pdf", MINIMAL_PDF), "", staff)
    s3_bucket.empty()

    assert download(client, staff, evidence).status_code == 404
