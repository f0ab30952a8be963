"""Evidence files are streamed through the application, with headers that keep them inert."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from dti.agencies.models import Role
from dti.assessments.evidence import add_file_evidence, add_link_evidence
from tests.assessments.evidence_helpers import (
    MINIMAL_PDF,
    docx_bytes,
    image_bytes,
    open_campaign,
    upload,
    use_temporary_storage,
    xlsx_bytes,
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
def staff(agency):
    return make_user(Role.AGENCY_STAFF, agency)


@pytest.fixture
def response(agency):
    return open_campaign([agency]).assessments.get().responses.get(indicator__code="1.1")


def download(client, user, item):
    client.force_login(user)
    return client.get(reverse("assessments:evidence_download", args=[item.pk]))


def body(http_response) -> bytes:
    return b"".join(http_response.streaming_content)


def test_a_pdf_is_shown_inline_with_its_content_type(client, response, staff):
    item = add_file_evidence(response, upload("bien-ban.pdf", MINIMAL_PDF), "", staff)
    result = download(client, staff, item)
    assert result.status_code == 200
    assert result["Content-Type"] == "application/pdf"
    assert result["Content-Disposition"] == 'inline; filename="bien-ban.pdf"'
    assert result["Content-Length"] == str(len(MINIMAL_PDF))
    assert body(result) == MINIMAL_PDF


def test_an_image_is_shown_inline_and_sandboxed(client, response, staff):
    png = image_bytes("PNG")
    item = add_file_evidence(response, upload("anh.png", png), "", staff)
    result = download(client, staff, item)
    assert result["Content-Type"] == "image/png"
    assert result["Content-Disposition"].startswith("inline;")
    assert "sandbox" in result["Content-Security-Policy"]
    assert body(result) == png


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        (
            "bao-cao.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "so-lieu.xlsx",
            xlsx_bytes(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ],
)
def test_office_files_are_downloaded_as_attachments(
    client, response, staff, name, content, content_type
):
    item = add_file_evidence(response, upload(name, content), "", staff)
    result = download(client, staff, item)
    assert result["Content-Type"] == content_type
    assert result["Content-Disposition"] == f'attachment; filename="{name}"'
    assert body(result) == content


def test_the_content_type_comes_from_the_content_not_the_browser(client, response, staff):
    item = add_file_evidence(response, upload("bien-ban.pdf", MINIMAL_PDF, "text/html"), "", staff)
    assert download(client, staff, item)["Content-Type"] == "application/pdf"


def test_a_vietnamese_file_name_is_sent_as_an_rfc_5987_filename(client, response, staff):
    name = "Biên bản họp tháng 3.pdf"
    item = add_file_evidence(response, upload(name, MINIMAL_PDF), "", staff)
    result = download(client, staff, item)
    assert result["Content-Disposition"] == f"inline; filename*=utf-8''{quote(name)}"


def test_every_download_carries_headers_that_stop_scripts_and_sniffing(client, response, staff):
    item = add_file_evidence(response, upload("bien-ban.pdf", MINIMAL_PDF), "", staff)
    result = download(client, staff, item)
    assert result["X-Content-Type-Options"] == "nosniff"
    policy = result["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    assert "script-src" not in policy  # falls back to default-src 'none'
    assert result["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "private" in result["Cache-Control"]


def test_a_link_has_no_download(client, response, staff):
    item = add_link_evidence(response, "https://hanoi.gov.vn/", "", staff)
    assert download(client, staff, item).status_code == 404


def test_an_unknown_evidence_id_is_not_found(client, staff):
    client.force_login(staff)
    assert client.get(reverse("assessments:evidence_download", args=[999999])).status_code == 404
