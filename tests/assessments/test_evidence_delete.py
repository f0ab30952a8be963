"""Evidence may be deleted while the assessment is open: not after submission or the deadline."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from dti.agencies.models import Role
from dti.assessments.evidence import add_file_evidence, add_link_evidence, delete_evidence
from dti.assessments.models import AssessmentStatus, Evidence, StoredFile
from dti.assessments.services import EditingClosed
from dti.audit.models import AuditEvent
from tests.assessments.evidence_helpers import (
    MINIMAL_PDF,
    closed_campaign,
    open_campaign,
    upload,
    use_temporary_storage,
)
from tests.factories import make_agency, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


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


def test_deleting_removes_the_item_and_records_what_it_was(response, staff):
    item = add_file_evidence(response, upload("bien-ban.pdf", MINIMAL_PDF), "Biên bản", staff)
    stored = item.stored_file
    item_id = item.pk
    delete_evidence(item, staff)
    assert not Evidence.objects.filter(pk=item_id).exists()
    event = AuditEvent.objects.get(action="evidence.delete")
    assert event.actor == staff
    assert event.object_id == str(item_id)
    assert event.before == {
        "kind": "file",
        "indicator": "1.1",
        "title": "Biên bản",
        "stage": "self_assessment",
        "name": "bien-ban.pdf",
        "sha256": stored.sha256,
        "size": len(MINIMAL_PDF),
        "content_type": "application/pdf",
    }
    # The content stays: the audit trail names its hash and other evidence may share it.
    assert StoredFile.objects.filter(pk=stored.pk).exists()


def test_deleting_one_of_two_items_sharing_content_leaves_the_other_downloadable(
    client, response, staff
):
    first = add_file_evidence(response, upload("a.pdf", MINIMAL_PDF), "", staff)
    second = add_file_evidence(response, upload("b.pdf", MINIMAL_PDF), "", staff)
    delete_evidence(first, staff)
    client.force_login(staff)
    result = client.get(reverse("assessments:evidence_download", args=[second.pk]))
    assert b"".join(result.streaming_content) == MINIMAL_PDF


def test_evidence_cannot_be_deleted_after_submission(response, staff):
    item = add_link_evidence(response, "https://example.org/", "", staff)
    response.assessment.status = AssessmentStatus.SUBMITTED
    response.assessment.save(update_fields=["status"])
    with pytest.raises(EditingClosed, match="submitted"):
        delete_evidence(item, staff)
    assert Evidence.objects.filter(pk=item.pk).exists()
    assert not AuditEvent.objects.filter(action="evidence.delete").exists()


def test_evidence_cannot_be_added_after_submission(response, staff):
    response.assessment.status = AssessmentStatus.SUBMITTED
    response.assessment.save(update_fields=["status"])
    with pytest.raises(EditingClosed, match="submitted"):
        add_file_evidence(response, upload("bien-ban.pdf", MINIMAL_PDF), "", staff)
    with pytest.raises(EditingClosed, match="submitted"):
        add_link_evidence(response, "https://example.org/", "", staff)
    assert not Evidence.objects.exists()
    assert not StoredFile.objects.exists()


def test_evidence_cannot_be_deleted_or_added_after_the_deadline(agency, staff):
    closed_response = (
        closed_campaign([agency]).assessments.get().responses.get(indicator__code="1.1")
    )
    item = Evidence.objects.create(
        assessment=closed_response.assessment,
        response=closed_response,
        kind="link",
        url="https://example.org/",
        uploaded_by=staff,
    )
    with pytest.raises(EditingClosed, match="deadline has passed"):
        delete_evidence(item, staff)
    with pytest.raises(EditingClosed, match="deadline has passed"):
        add_link_evidence(closed_response, "https://example.org/b", "", staff)
    assert list(Evidence.objects.all()) == [item]


def test_a_user_of_another_agency_cannot_delete_through_the_service(response, staff):
    item = add_link_evidence(response, "https://example.org/", "", staff)
    with pytest.raises(PermissionDenied):
        delete_evidence(item, make_user(Role.AGENCY_STAFF, make_agency("SCT")))
    assert Evidence.objects.filter(pk=item.pk).exists()


def test_the_delete_button_returns_to_the_indicator_with_a_message(client, response, staff):
    item = add_link_evidence(response, "https://example.org/", "Cổng", staff)
    client.force_login(staff)
    result = client.post(reverse("assessments:evidence_delete", args=[item.pk]), follow=True)
    assert result.redirect_chain[-1][0] == reverse(
        "assessments:indicator", args=[response.assessment_id, "1.1"]
    )
    assert not Evidence.objects.filter(pk=item.pk).exists()
    assert [message.level_tag for message in result.context["messages"]] == ["success"]


def test_the_delete_button_after_submission_explains_and_keeps_the_item(client, response, staff):
    item = add_link_evidence(response, "https://example.org/", "Cổng", staff)
    response.assessment.status = AssessmentStatus.SUBMITTED
    response.assessment.save(update_fields=["status"])
    client.force_login(staff)
    result = client.post(reverse("assessments:evidence_delete", args=[item.pk]), follow=True)
    assert Evidence.objects.filter(pk=item.pk).exists()
    messages = list(result.context["messages"])
    assert [message.level_tag for message in messages] == ["error"]
    assert "Cổng" in str(messages[0])
