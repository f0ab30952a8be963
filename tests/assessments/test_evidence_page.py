"""The evidence card of the indicator page: the list, the attach form and its messages."""

import hashlib
import re

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from dti.agencies.models import Role
from dti.assessments.evidence import ACCEPTED_EXTENSIONS, add_file_evidence, add_link_evidence
from dti.assessments.models import AssessmentStatus, Evidence
from tests.assessments.evidence_helpers import (
    MINIMAL_PDF,
    WINDOWS_PROGRAM,
    docx_bytes,
    open_campaign,
    stored_objects,
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
def staff(agency):
    return make_user(Role.AGENCY_STAFF, agency)


@pytest.fixture
def response(agency):
    return open_campaign([agency]).assessments.get().responses.get(indicator__code="1.1")


def indicator_url(response):
    return reverse("assessments:indicator", args=[response.assessment_id, "1.1"])


def add_url(response):
    return reverse("assessments:evidence_add", args=[response.assessment_id, "1.1"])


def post_in_english(client, url, data):
    """Messages are asserted in English: the language the user chose with the switch."""
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client.post(url, data, follow=True)


def messages_of(page):
    return [(message.level_tag, str(message)) for message in page.context["messages"]]


def test_uploading_a_file_attaches_it_and_returns_to_the_indicator(client, response, staff):
    client.force_login(staff)
    page = client.post(
        add_url(response),
        {"file": upload("Báo cáo.docx", docx_bytes()), "title": "Báo cáo năm"},
        follow=True,
    )
    assert page.redirect_chain == [(indicator_url(response), 302)]
    item = Evidence.objects.get()
    assert (item.original_name, item.title, item.uploaded_by) == (
        "Báo cáo.docx",
        "Báo cáo năm",
        staff,
    )
    assert [level for level, _text in messages_of(page)] == ["success"]
    assert list(page.context["evidence"]) == [item]


def test_a_link_is_attached_from_the_form(client, response, staff):
    client.force_login(staff)
    client.post(add_url(response), {"url": "https://hanoi.gov.vn/a", "title": ""})
    assert Evidence.objects.get().url == "https://hanoi.gov.vn/a"


def test_a_refused_upload_says_which_file_and_why_and_stores_nothing(
    client, response, staff, storage_dir
):
    client.force_login(staff)
    page = post_in_english(
        client, add_url(response), {"file": upload("bien-ban.pdf", WINDOWS_PROGRAM)}
    )
    assert page.redirect_chain == [(indicator_url(response), 302)]
    [(level, text)] = messages_of(page)
    assert level == "error"
    assert "“bien-ban.pdf”" in text
    assert "not in the PDF format" in text
    assert not Evidence.objects.exists()
    assert stored_objects(storage_dir) == []


def test_a_file_just_over_the_limit_is_refused_with_two_sizes_that_differ(
    client, response, staff, settings
):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    client.force_login(staff)
    too_big = MINIMAL_PDF + bytes(1024 * 1024 + 1 - len(MINIMAL_PDF))
    page = client.post(add_url(response), {"file": upload("lon.pdf", too_big)}, follow=True)
    assert messages_of(page) == [
        (
            "error",
            "Chưa đính kèm được. “lon.pdf” quá lớn: 1.048.577 byte; giới hạn là 1.048.576 byte.",
        )
    ]


def test_an_empty_form_asks_for_a_file_or_a_link(client, response, staff):
    client.force_login(staff)
    page = post_in_english(client, add_url(response), {"title": "Chỉ có tiêu đề"})
    assert messages_of(page) == [("error", "Nothing was attached. Choose a file or enter a link.")]


def test_a_file_and_a_link_together_are_refused(client, response, staff):
    client.force_login(staff)
    page = post_in_english(
        client,
        add_url(response),
        {"file": upload("a.pdf", MINIMAL_PDF), "url": "https://example.org/"},
    )
    assert "either a file or a link" in messages_of(page)[0][1]
    assert not Evidence.objects.exists()


def test_attaching_after_submission_is_refused_with_the_reason(client, response, staff):
    response.assessment.status = AssessmentStatus.SUBMITTED
    response.assessment.save(update_fields=["status"])
    client.force_login(staff)
    page = post_in_english(client, add_url(response), {"url": "https://example.org/"})
    assert messages_of(page) == [
        ("error", "Nothing was attached. The assessment has been submitted.")
    ]
    assert not Evidence.objects.exists()


def test_the_page_lists_files_with_a_download_link_and_links_as_external_anchors(
    client, response, staff
):
    pdf = add_file_evidence(response, upload("bien-ban.pdf", MINIMAL_PDF), "", staff)
    add_link_evidence(response, "https://hanoi.gov.vn/bao-cao", "Cổng", staff)
    client.force_login(staff)
    html = client.get(indicator_url(response)).content.decode()
    assert f'href="{reverse("assessments:evidence_download", args=[pdf.pk])}"' in html
    assert "bien-ban.pdf" in html
    assert re.search(
        r'href="https://hanoi.gov.vn/bao-cao" rel="noopener noreferrer nofollow" '
        r'target="_blank"',
        html,
    )
    assert str(staff) in html


def test_the_attach_fields_belong_to_the_values_form_and_accept_the_accepted_extensions(
    client, response, staff
):
    client.force_login(staff)
    html = client.get(indicator_url(response)).content.decode()
    values_form = re.search(r'<form[^>]*id="response-form".*?</form>', html, re.S)
    assert values_form, "the values form is missing"
    assert 'enctype="multipart/form-data"' in values_form.group(0)
    assert "csrfmiddlewaretoken" in values_form.group(0)
    attach = re.search(r'<div class="evidence-form">.*?</fieldset>', values_form.group(0), re.S)
    assert attach, "the attach fields are not in the values form"
    button = re.search(r"<button[^>]*>", attach.group(0)).group(0)
    assert f'formaction="{add_url(response)}"' in button
    accept = re.search(r'accept="([^"]+)"', attach.group(0)).group(1)
    assert set(accept.split(",")) == {f".{extension}" for extension in ACCEPTED_EXTENSIONS}
    for field in ("evidence-file", "evidence-url", "evidence-title"):
        assert f'<label for="{field}">' in attach.group(0)


def test_each_delete_button_sends_its_own_form_outside_the_values_form(client, response, staff):
    item = add_link_evidence(response, "https://hanoi.gov.vn/a", "", staff)
    client.force_login(staff)
    html = client.get(indicator_url(response)).content.decode()
    form_id = f"evidence-delete-{item.pk}"
    assert f'<button type="submit" form="{form_id}"' in html
    delete_form = re.search(rf'<form[^>]*id="{form_id}"[^>]*>.*?</form>', html, re.S).group(0)
    assert f'action="{reverse("assessments:evidence_delete", args=[item.pk])}"' in delete_form
    assert "csrfmiddlewaretoken" in delete_form
    values_form = re.search(r'<form[^>]*id="response-form".*?</form>', html, re.S).group(0)
    assert values_form.count("<form") == 1  # forms cannot be nested


def test_without_editing_rights_there_is_no_form_and_no_delete_button(client, response, staff):
    item = add_link_evidence(response, "https://example.org/", "", staff)
    client.force_login(make_user(Role.COORDINATOR))
    html = client.get(indicator_url(response)).content.decode()
    assert "https://example.org/" in html
    assert add_url(response) not in html
    assert reverse("assessments:evidence_delete", args=[item.pk]) not in html


def test_after_submission_the_agency_sees_the_list_read_only(client, response, staff):
    item = add_link_evidence(response, "https://example.org/", "", staff)
    response.assessment.status = AssessmentStatus.SUBMITTED
    response.assessment.save(update_fields=["status"])
    client.force_login(staff)
    html = client.get(indicator_url(response)).content.decode()
    assert "https://example.org/" in html
    assert add_url(response) not in html
    assert reverse("assessments:evidence_delete", args=[item.pk]) not in html


def test_while_open_each_item_has_a_delete_button(client, response, staff):
    item = add_link_evidence(response, "https://example.org/", "", staff)
    client.force_login(staff)
    html = client.get(indicator_url(response)).content.decode()
    assert f'action="{reverse("assessments:evidence_delete", args=[item.pk])}"' in html


def test_an_empty_file_chosen_in_the_form_is_refused_as_empty(client, response, staff):
    client.force_login(staff)
    page = post_in_english(client, add_url(response), {"file": upload("trong.pdf", b"")})
    assert messages_of(page) == [("error", "Nothing was attached. “trong.pdf” is empty.")]
    assert not Evidence.objects.exists()


def test_a_file_large_enough_to_be_spooled_to_disk_is_stored_intact(
    client, settings, response, staff, storage_dir
):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # Django writes bigger uploads to a temp file
    content = MINIMAL_PDF + bytes(50_000)
    client.force_login(staff)
    client.post(add_url(response), {"file": upload("lon.pdf", content)})
    item = Evidence.objects.get()
    assert (storage_dir / item.stored_file.storage_name).read_bytes() == content
    assert item.stored_file.sha256 == hashlib.sha256(content).hexdigest()
