"""Shared steps of the Excel form tests: an open assessment, download, fill cells, upload."""

from __future__ import annotations

import copy
import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dti.agencies.models import Role
from dti.assessments.excel_form import FIRST_DATA_ROW, KEY_ROW, SHEET_FORM
from dti.campaigns.models import Phase
from dti.campaigns.services import default_deadlines
from dti.frameworks.services import load_framework
from tests.factories import PASSWORD, make_agency, make_campaign, make_user
from tests.frameworks.helpers import small_document


def open_assessment(flags=(), framework=None, role=Role.AGENCY_STAFF):
    """An assessment in its self-assessment phase, a month before its deadline, and a user."""
    agency = make_agency(flags=list(flags), flags_year=2026)
    deadlines = default_deadlines(2026)
    deadlines[Phase.SELF_ASSESSMENT] = timezone.now() + datetime.timedelta(days=30)
    campaign = make_campaign([agency], framework, year=2026, deadlines=deadlines)
    user = make_user(role, agency=agency)
    return campaign.assessments.get(agency=agency), user


def logged_in(client, user, language="en"):
    client.login(username=user.username, password=PASSWORD)
    client.cookies["django_language"] = language
    return client


def percent_document() -> dict:
    """The small test framework plus indicator 1.3 with a percent input and a decimal input."""
    document = copy.deepcopy(small_document())
    document["code"] = "TEST-PERCENT"
    document["max_points"] += 10
    group = document["groups"][0]
    group["max_points"] += 10
    group["indicators"].append(
        {
            "code": "1.3",
            "name": {"vi": "Tỷ lệ hồ sơ trực tuyến", "en": "Share of records online"},
            "max_points": 10,
            "source_confirmed": True,
            "inputs": [
                {"code": "online_pct", "type": "percent", "label": "Tỷ lệ trực tuyến", "unit": "%"},
                {
                    "code": "hours",
                    "type": "decimal",
                    "label": "Số giờ đào tạo",
                    "unit": "giờ",
                    "required": False,
                },
            ],
            "rule": {
                "type": "steps",
                "value": "online_pct",
                "bands": [{"min": 90, "points": 10}, {"min": 70, "points": 5}],
            },
        }
    )
    return document


def load_percent_framework():
    return load_framework(percent_document())


def download(client, assessment):
    response = client.get(reverse("assessments:excel_download", args=[assessment.pk]))
    assert response.status_code == 200, response.status_code
    return load_workbook(io.BytesIO(response.content))


def column_of(sheet, key: str) -> int:
    """The column number of a form column, by its technical name in the hidden key row."""
    for cell in sheet[KEY_ROW]:
        if cell.value == key:
            return cell.column
    raise KeyError(key)


def row_of(sheet, code: str) -> int:
    code_column = column_of(sheet, "code")
    for row in range(FIRST_DATA_ROW, sheet.max_row + 1):
        if sheet.cell(row=row, column=code_column).value == code:
            return row
    raise KeyError(code)


def value_column(sheet, code: str, input_code: str) -> int:
    """The value column of ``input_code`` on the row of indicator ``code``."""
    row = row_of(sheet, code)
    number = 1
    while True:
        if sheet.cell(row=row, column=column_of(sheet, f"input_code_{number}")).value == input_code:
            return column_of(sheet, f"value_{number}")
        number += 1


def value_cell(workbook, code: str, input_code: str):
    sheet = workbook[SHEET_FORM]
    return sheet.cell(row=row_of(sheet, code), column=value_column(sheet, code, input_code))


def set_value(workbook, code: str, input_code: str, value) -> str:
    """Type ``value`` into a value cell; returns the cell's column letter."""
    cell = value_cell(workbook, code, input_code)
    cell.value = value
    return cell.column_letter


def set_cell(workbook, code: str, key: str, value) -> str:
    sheet = workbook[SHEET_FORM]
    cell = sheet.cell(row=row_of(sheet, code), column=column_of(sheet, key))
    cell.value = value
    return cell.column_letter


def as_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, assessment, content, name="form.xlsx"):
    if not isinstance(content, bytes):
        content = as_bytes(content)
    upload_file = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(
        reverse("assessments:excel_upload", args=[assessment.pk]), {"file": upload_file}
    )


def confirm(client, assessment, digest):
    return client.post(
        reverse("assessments:excel_confirm", args=[assessment.pk]), {"digest": digest}
    )
