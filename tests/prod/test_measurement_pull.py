"""Automatic measurement pulls: the platform fetches a source's JSON list of measurements and
stores each item as the API's PUT would, under an API client's scope, item by item."""

import csv
import datetime
import io
from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.storage import storages
from django.core.management import CommandError, call_command

from dti.api.pulls import MEASUREMENT_PULL
from dti.api.services import revoke_client
from dti.audit.models import AuditEvent
from dti.jobs.models import Job, JobStatus
from tests.api.helpers import MEASUREMENT, build_setup
from tests.assessments.evidence_helpers import use_temporary_storage

from .source import start_source

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    return use_temporary_storage(settings, tmp_path / "media")


@pytest.fixture
def source():
    source = start_source()
    yield source
    source.server.shutdown()
    source.server.server_close()


@pytest.fixture
def setup(settings, source):
    setup = build_setup()
    settings.MEASUREMENT_PULL_URL = source.url
    settings.MEASUREMENT_PULL_CLIENT = setup.client.name
    settings.MEASUREMENT_PULL_TOKEN = ""
    return setup


def item(setup, agency="SCT", indicator="2.2", **changes):
    return {
        "campaign_id": setup.campaign.pk,
        "agency_code": agency,
        "indicator_code": indicator,
        **MEASUREMENT,
        **changes,
    }


def pull(*args) -> str:
    output = StringIO()
    call_command("pull_measurements", *args, stdout=output)
    return output.getvalue()


def result_rows(job: Job) -> list[dict]:
    with storages["default"].open(job.result_storage_name, "rb") as result:
        return list(csv.DictReader(io.StringIO(result.read().decode("utf-8-sig"))))


def test_each_item_is_stored_with_its_provenance_and_the_job_says_so(setup, source):
    source.serve([item(setup)])

    output = pull()

    job = Job.objects.get()
    assert (job.kind, job.status) == (MEASUREMENT_PULL, JobStatus.DONE)
    assert output.startswith(f"Job #{job.pk} (measurement_pull): done. 1 stored, 0 refused")
    response = setup.response("SCT", "2.2")
    assert response.values == {"level": "partial", "issued_on": "2025-03-01"}
    assert response.source == "api:Cổng DVC — Cổng DVC quốc gia"
    assert response.measured_at == datetime.datetime(2025, 10, 30, 17, 0, tzinfo=datetime.UTC)
    assert response.points == Decimal("10.00")
    assert result_rows(job) == [
        {
            "item": "1",
            "campaign_id": str(setup.campaign.pk),
            "agency_code": "SCT",
            "indicator_code": "2.2",
            "status": "200",
            "detail": "Stored.",
            "errors": "",
            "points": "10.00",
        }
    ]


def test_refused_items_are_reported_one_by_one_and_the_others_stored(setup, source):
    source.serve(
        [
            item(setup, agency="SYT"),  # 2.2 does not apply to SYT
            item(setup, values={"level": "excellent"}),
            item(setup, indicator="1.1"),  # self-reported
            {"campaign_id": "seven"},
            "not an object",
            item(setup, values={"level": "full"}),
        ]
    )

    pull()

    rows = result_rows(Job.objects.get())
    assert [(row["item"], row["status"]) for row in rows] == [
        ("1", "404"),
        ("2", "422"),
        ("3", "403"),
        ("4", "422"),
        ("5", "422"),
        ("6", "200"),
    ]
    assert rows[0]["detail"] == "Indicator 2.2 does not apply to the agency SYT."
    assert rows[1]["errors"].startswith("values.level: ")
    assert "campaign_id: " in rows[3]["errors"]
    assert "measured_at: Field required" in rows[3]["errors"]
    assert setup.response("SCT", "2.2").values == {"level": "full"}
    assert Job.objects.get().message == "1 stored, 5 refused"


def test_pulling_the_same_document_again_changes_nothing(setup, source):
    source.serve([item(setup)])
    pull()
    events = AuditEvent.objects.count()

    pull()

    assert AuditEvent.objects.count() == events + 1  # the second job's start, nothing else
    assert [job.status for job in Job.objects.all()] == [JobStatus.DONE, JobStatus.DONE]


def test_the_source_token_is_sent_as_a_bearer_token(setup, source, settings):
    settings.MEASUREMENT_PULL_TOKEN = "nguon-du-lieu-bi-mat"
    source.serve([])

    pull()

    assert source.authorizations == ["Bearer nguon-du-lieu-bi-mat"]


@pytest.mark.parametrize(
    ("answer", "options", "reason"),
    [
        (b"x" * 2048, {}, "sent more than 1024 bytes"),
        (b"[]", {"status": 500}, "answered HTTP 500"),
        (b"<html>", {}, "The document is not JSON"),
        (b'{"items": []}', {}, "The document must be a JSON list of measurements."),
        (b"[" + b" " * 500 + b"]", {"chunks": 4, "pause": 0.6}, "took too long to answer"),
    ],
)
def test_a_document_that_cannot_be_had_fails_the_job_and_stores_nothing(
    setup, source, settings, answer, options, reason
):
    settings.MEASUREMENT_PULL_MAX_BYTES = 1024
    settings.MEASUREMENT_PULL_TIMEOUT_SECONDS = 1
    source.serve(answer, **options)

    with pytest.raises(CommandError, match="The pull failed"):
        pull()

    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert reason in job.error
    assert setup.response("SCT", "2.2").values == {}


def test_an_unreachable_source_fails_the_job(setup, settings, unused_port):
    with pytest.raises(CommandError, match="could not be reached"):
        pull(f"--url=http://127.0.0.1:{unused_port}/measurements.json")


def test_only_web_addresses_are_fetched(setup):
    with pytest.raises(CommandError, match="is not an http"):
        pull("--url=file:///etc/passwd")


def test_the_command_needs_a_source_and_an_active_client(setup, settings):
    settings.MEASUREMENT_PULL_URL = ""
    with pytest.raises(CommandError, match="set MEASUREMENT_PULL_URL or give --url"):
        pull()
    with pytest.raises(CommandError, match="no API client with this name"):
        pull("--url=http://127.0.0.1/x", "--client=Hệ thống khác")
    revoke_client(setup.client, setup.coordinator)
    with pytest.raises(CommandError, match="this API client was revoked"):
        pull("--url=http://127.0.0.1/x")
    assert not Job.objects.exists()
