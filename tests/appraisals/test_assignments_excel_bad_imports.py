"""A wrong assignment file is refused as a whole: every problem is reported with its sheet, row
and column, and no assignment changes."""

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from dti.appraisals.assignment_excel import MAX_FILE_BYTES, write_assignments
from dti.audit.models import AuditEvent
from tests.appraisals.assignments_helpers import build_setup, open_sheet, workbook_bytes
from tests.hostile_files import ENTITY_REFUSAL, with_entities

pytestmark = pytest.mark.django_db

PLAN = {"1.1": ["SKHCN"], "2.1": ["VPUB"]}


@pytest.fixture
def setup(client):
    setup = build_setup()
    setup.assign(PLAN)
    client.force_login(setup.coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return setup


def exported_sheet(setup):
    return open_sheet(write_assignments(setup.framework))


def upload(client, setup, data: bytes, name="phan-cong.xlsx"):
    updates_before = AuditEvent.objects.filter(action="assignment.update").count()
    response = client.post(
        reverse("appraisals:assignments_import", args=[setup.framework.pk]),
        {"file": SimpleUploadedFile(name, data)},
    )
    assert response.status_code == 200
    assert setup.saved_plan() == PLAN
    assert AuditEvent.objects.filter(action="assignment.update").count() == updates_before
    return [
        (problem.sheet, problem.row, problem.column, problem.reason)
        for problem in response.context["problems"]
    ]


def test_an_unknown_department_code_is_reported_at_its_header_cell(client, setup):
    sheet = exported_sheet(setup)
    sheet["F1"] = "SXYZ"
    sheet["F3"] = "x"
    sheet["D3"] = None  # a valid change elsewhere is not applied either
    assert upload(client, setup, workbook_bytes(sheet)) == [
        ("Phân công", 1, "F", "Unknown department code “SXYZ”.")
    ]


def test_a_department_that_is_not_an_appraising_unit_is_reported(client, setup):
    sheet = exported_sheet(setup)
    sheet["F1"] = "SYT"
    assert upload(client, setup, workbook_bytes(sheet)) == [
        ("Phân công", 1, "F", "SYT (Sở Y tế) is not an appraising unit.")
    ]


def test_a_department_not_active_in_the_frameworks_year_is_reported(client, setup):
    sheet = exported_sheet(setup)
    sheet["F1"] = "SNV"
    assert upload(client, setup, workbook_bytes(sheet)) == [
        ("Phân công", 1, "F", "SNV (Sở Nội vụ) is not active in 2025.")
    ]


def test_a_department_with_two_columns_is_reported(client, setup):
    sheet = exported_sheet(setup)
    sheet["F1"] = "VPUB"
    assert upload(client, setup, workbook_bytes(sheet)) == [
        ("Phân công", 1, "F", "The department VPUB already has column E.")
    ]


def test_an_unknown_indicator_code_is_reported_at_its_row(client, setup):
    sheet = exported_sheet(setup)
    sheet["B7"] = "9.9"
    sheet["D7"] = "x"
    assert upload(client, setup, workbook_bytes(sheet)) == [
        ("Phân công", 7, "B", "Unknown indicator code “9.9” in this framework.")
    ]


def test_an_indicator_listed_twice_is_reported_at_its_second_row(client, setup):
    sheet = exported_sheet(setup)
    sheet["B7"] = "1.2"
    sheet["E7"] = "x"
    assert upload(client, setup, workbook_bytes(sheet)) == [
        ("Phân công", 7, "B", "The indicator 1.2 is already in row 4.")
    ]


def test_a_mark_in_a_column_without_a_department_code_is_reported(client, setup):
    sheet = exported_sheet(setup)
    sheet["G4"] = "x"
    assert upload(client, setup, workbook_bytes(sheet)) == [
        ("Phân công", 4, "G", "A mark in a column without a department code in row 1.")
    ]


def test_every_problem_of_a_file_is_reported_at_once(client, setup):
    sheet = exported_sheet(setup)
    sheet["F1"] = "SXYZ"
    sheet["B7"] = "9.9"
    sheet["B8"] = "2.1"
    places = [problem[:3] for problem in upload(client, setup, workbook_bytes(sheet))]
    assert places == [("Phân công", 1, "F"), ("Phân công", 7, "B"), ("Phân công", 8, "B")]


def test_a_file_that_is_not_a_workbook_is_refused(client, setup):
    problems = upload(client, setup, b"code;SKHCN\n1.1;x\n", name="phan-cong.csv")
    assert problems == [
        (
            "",
            None,
            "",
            "The file is not an Excel workbook (.xlsx). Export the matrix from this page and "
            "edit that file.",
        )
    ]


def test_a_file_over_five_megabytes_is_refused(client, setup):
    problems = upload(client, setup, b"x" * (MAX_FILE_BYTES + 1))
    assert problems == [("", None, "", "The file is larger than 5 MB.")]


def test_a_workbook_without_the_matrix_sheet_is_refused(client, setup):
    workbook = Workbook()
    workbook.active.title = "Sheet"
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert upload(client, setup, buffer.getvalue()) == [
        ("Phân công", None, "", "The sheet “Phân công” is missing.")
    ]


def test_a_deleted_department_names_row_is_reported(client, setup):
    sheet = exported_sheet(setup)
    sheet.delete_rows(2)
    assert upload(client, setup, workbook_bytes(sheet)) == [
        (
            "Phân công",
            2,
            "B",
            "Row 2 holds the department names and is not read; indicator rows start at row 3. "
            "Put the department names row back.",
        )
    ]


def test_a_matrix_declaring_xml_entities_is_refused_before_it_is_parsed(client, setup):
    workbook = with_entities(write_assignments(setup.framework))

    [problem] = upload(client, setup, workbook)

    assert ENTITY_REFUSAL in problem[3]
