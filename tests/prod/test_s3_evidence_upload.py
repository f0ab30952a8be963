"""Evidence files go to the S3-compatible store: under their hash, byte for byte, and once per
content however many times they are attached."""

import hashlib

import pytest

from dti.agencies.models import Role
from dti.assessments.evidence import add_file_evidence, storage_key
from dti.assessments.models import Evidence, StoredFile
from tests.assessments.evidence_helpers import MINIMAL_PDF, docx_bytes, open_campaign, upload
from tests.factories import make_agency, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def agencies():
    return [make_agency("SYT"), make_agency("SCT")]


@pytest.fixture
def campaign(agencies):
    return open_campaign(agencies)


def response_of(campaign, code: str, indicator: str = "1.1"):
    return campaign.assessments.get(agency__code=code).responses.get(indicator__code=indicator)


def staff_of(agencies, code: str):
    return make_user(Role.AGENCY_STAFF, next(item for item in agencies if item.code == code))


def test_an_uploaded_file_is_stored_in_the_bucket_under_its_hash(s3_bucket, agencies, campaign):
    content = docx_bytes("Kế hoạch chuyển đổi số 2025")
    evidence = add_file_evidence(
        response_of(campaign, "SYT"),
        upload("kế hoạch.docx", content),
        "",
        staff_of(agencies, "SYT"),
    )

    key = storage_key(hashlib.sha256(content).hexdigest())
    assert evidence.stored_file.storage_name == key
    assert s3_bucket.object_keys() == [key]
    assert s3_bucket.read(key) == content


def test_the_same_content_attached_twice_is_stored_once(s3_bucket, agencies, campaign):
    add_file_evidence(
        response_of(campaign, "SYT"),
        upload("biên bản.pdf", MINIMAL_PDF),
        "",
        staff_of(agencies, "SYT"),
    )
    add_file_evidence(
        response_of(campaign, "SCT", "1.2"),
        upload("bien-ban-hop.pdf", MINIMAL_PDF),
        "Biên bản",
        staff_of(agencies, "SCT"),
    )

    assert Evidence.objects.count() == 2
    assert StoredFile.objects.count() == 1
    assert s3_bucket.object_keys() == [storage_key(hashlib.sha256(MINIMAL_PDF).hexdigest())]


def test_a_content_already_in_the_bucket_is_not_written_again(s3_bucket, agencies, campaign):
    """An object left by an upload whose transaction failed is reused as it is."""
    key = storage_key(hashlib.sha256(MINIMAL_PDF).hexdigest())
    s3_bucket.client.put_object(Bucket=s3_bucket.name, Key=key, Body=MINIMAL_PDF)
    written_at = s3_bucket.client.head_object(Bucket=s3_bucket.name, Key=key)["LastModified"]

    add_file_evidence(
        response_of(campaign, "SYT"),
        upload("biên bản.pdf", MINIMAL_PDF),
        "",
        staff_of(agencies, "SYT"),
    )

    assert s3_bucket.object_keys() == [key]
    assert (
        s3_bucket.client.head_object(Bucket=s3_bucket.name, Key=key)["LastModified"] == written_at
    )
