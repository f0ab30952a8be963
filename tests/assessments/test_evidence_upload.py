"""Attaching files and links to a response: what is stored, once, and what the audit trail says."""

import hashlib

import pytest
from django.core.files.storage import storages
from django.utils import translation

from dti.agencies.models import Role
from dti.assessments.evidence import (
    EvidenceRejected,
    add_file_evidence,
    add_link_evidence,
    storage_key,
)
from dti.assessments.models import Evidence, EvidenceKind, StoredFile
from dti.audit.models import AuditEvent
from tests.assessments.evidence_helpers import (
    MINIMAL_PDF,
    WINDOWS_PROGRAM,
    docx_bytes,
    image_bytes,
    open_campaign,
    stored_objects,
    upload,
    use_temporary_storage,
)
from tests.factories import make_agency, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
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
    assessment = open_campaign([agency]).assessments.get()
    return assessment.responses.get(indicator__code="1.1")


def test_an_uploaded_pdf_is_stored_under_its_hash_with_who_and_when(storage_dir, response, staff):
    item = add_file_evidence(response, upload("Biên bản họp.pdf", MINIMAL_PDF), "Biên bản", staff)
    sha256 = hashlib.sha256(MINIMAL_PDF).hexdigest()
    assert item.kind == EvidenceKind.FILE
    assert item.response == response
    assert item.assessment == response.assessment
    assert item.original_name == "Biên bản họp.pdf"
    assert item.title == "Biên bản"
    assert item.uploaded_by == staff
    assert item.uploaded_at is not None
    stored = item.stored_file
    assert (stored.sha256, stored.size, stored.content_type) == (
        sha256,
        len(MINIMAL_PDF),
        "application/pdf",
    )
    assert stored.storage_name == f"evidence/{sha256[:2]}/{sha256[2:4]}/{sha256}"
    assert stored_objects(storage_dir) == [storage_dir / stored.storage_name]
    assert (storage_dir / stored.storage_name).read_bytes() == MINIMAL_PDF


def test_the_stored_key_never_contains_the_users_file_name(storage_dir, response, staff):
    item = add_file_evidence(response, upload("../../../etc/cron.d/x.pdf", MINIMAL_PDF), "", staff)
    assert item.original_name == "x.pdf"
    assert "x.pdf" not in item.stored_file.storage_name
    assert [path.relative_to(storage_dir).parts[0] for path in stored_objects(storage_dir)] == [
        "evidence"
    ]


def test_the_same_content_is_stored_once_for_several_responses_and_agencies(
    storage_dir, response, staff
):
    other_agency = make_agency("SCT")
    other_staff = make_user(Role.AGENCY_STAFF, other_agency)
    other_response = (
        open_campaign([other_agency]).assessments.get().responses.get(indicator__code="1.2")
    )
    content = docx_bytes()
    first = add_file_evidence(response, upload("bao-cao.docx", content), "", staff)
    second = add_file_evidence(
        response.assessment.responses.get(indicator__code="1.2"),
        upload("ban-sao.docx", content),
        "",
        staff,
    )
    third = add_file_evidence(other_response, upload("khac-ten.docx", content), "", other_staff)
    assert StoredFile.objects.count() == 1
    assert first.stored_file_id == second.stored_file_id == third.stored_file_id
    assert Evidence.objects.count() == 3
    assert [item.original_name for item in Evidence.objects.all()] == [
        "bao-cao.docx",
        "ban-sao.docx",
        "khac-ten.docx",
    ]
    assert len(stored_objects(storage_dir)) == 1


def test_same_content_uploaded_twice_writes_storage_once(storage_dir, response, staff, monkeypatch):
    storage = storages["default"]
    writes = []
    save = storage.save

    def counting_save(name, content, **kwargs):
        writes.append(name)
        return save(name, content, **kwargs)

    monkeypatch.setattr(storage, "save", counting_save)
    png = image_bytes("PNG")
    add_file_evidence(response, upload("anh.png", png), "", staff)
    add_file_evidence(response, upload("anh.png", png), "", staff)
    assert writes == [storage_key(hashlib.sha256(png).hexdigest())]
    assert response.evidence.count() == 2


def test_adding_a_file_records_an_audit_event_with_name_hash_and_size(storage_dir, response, staff):
    item = add_file_evidence(response, upload("bao-cao.docx", docx_bytes()), "Báo cáo", staff)
    event = AuditEvent.objects.get(action="evidence.add")
    assert event.actor == staff
    assert event.agency == response.assessment.agency
    assert event.object_id == str(item.pk)
    assert event.after == {
        "kind": "file",
        "indicator": "1.1",
        "title": "Báo cáo",
        "stage": "self_assessment",
        "name": "bao-cao.docx",
        "sha256": item.stored_file.sha256,
        "size": item.stored_file.size,
        "content_type": item.stored_file.content_type,
    }


def test_a_refused_file_stores_nothing(storage_dir, response, staff):
    with pytest.raises(EvidenceRejected, match="Windows program"):
        add_file_evidence(response, upload("bien-ban.pdf", WINDOWS_PROGRAM), "", staff)
    assert not Evidence.objects.exists()
    assert not StoredFile.objects.exists()
    assert not AuditEvent.objects.filter(action="evidence.add").exists()
    assert stored_objects(storage_dir) == []


def test_an_oversize_file_is_refused_by_the_setting(settings, storage_dir, response, staff):
    settings.EVIDENCE_MAX_BYTES = 100
    with pytest.raises(EvidenceRejected, match="too big"):
        add_file_evidence(response, upload("lon.pdf", MINIMAL_PDF + bytes(100)), "", staff)
    assert not Evidence.objects.exists()
    assert stored_objects(storage_dir) == []


def test_a_link_is_attached_with_its_title_and_audited(response, staff):
    item = add_link_evidence(response, " https://hanoi.gov.vn/bao-cao ", "Cổng thông tin", staff)
    assert (item.kind, item.url, item.title, item.stored_file) == (
        EvidenceKind.LINK,
        "https://hanoi.gov.vn/bao-cao",
        "Cổng thông tin",
        None,
    )
    assert item.uploaded_by == staff
    event = AuditEvent.objects.get(action="evidence.add")
    assert event.after == {
        "kind": "link",
        "indicator": "1.1",
        "title": "Cổng thông tin",
        "stage": "self_assessment",
        "url": "https://hanoi.gov.vn/bao-cao",
    }


def test_a_javascript_link_is_refused_and_nothing_is_stored(response, staff):
    with pytest.raises(EvidenceRejected, match="http:// or https://"):
        add_link_evidence(response, "javascript:alert(document.cookie)", "", staff)
    assert not Evidence.objects.exists()
