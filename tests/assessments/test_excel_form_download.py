"""Downloading the self-assessment form as an Excel workbook."""

import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from dti.agencies.models import Role
from dti.assessments.excel_form import SHEET_FORM, SHEET_HELP, write_form
from dti.assessments.services import save_response
from tests.factories import make_user

from .excel_form_helpers import (
    column_of,
    download,
    load_percent_framework,
    logged_in,
    open_assessment,
    row_of,
    value_cell,
)

pytestmark = pytest.mark.django_db


def _validations_by_cell(sheet):
    """Each validated cell (e.g. "F3") with its data validation."""
    found = {}
    for validation in sheet.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            for row in range(cell_range.min_row, cell_range.max_row + 1):
                for column in range(cell_range.min_col, cell_range.max_col + 1):
                    found[sheet.cell(row=row, column=column).coordinate] = validation
    return found


def _codes(sheet):
    column = column_of(sheet, "code")
    return [sheet.cell(row=row, column=column).value for row in range(3, sheet.max_row + 1)]


def test_form_has_one_row_per_applicable_indicator_with_its_current_values(client):
    assessment, user = open_assessment()
    responses = {r.indicator.code: r for r in assessment.responses.select_related("indicator")}
    save_response(
        responses["1.1"],
        values={"meetings": "3"},
        not_applicable=False,
        note="Biên bản số 12",
        by=user,
    )
    save_response(
        responses["2.1"],
        values={"plan": "yes", "drills": "2"},
        not_applicable=False,
        note="",
        by=user,
    )

    workbook = download(logged_in(client, user), assessment)

    sheet = workbook[SHEET_FORM]
    assert _codes(sheet) == ["1.1", "1.2", "2.1"]  # 2.2 only applies to digital-economy agencies
    assert value_cell(workbook, "1.1", "meetings").value == 3
    assert value_cell(workbook, "2.1", "plan").value == "Yes"
    assert value_cell(workbook, "2.1", "drills").value == 2
    assert value_cell(workbook, "2.1", "incidents").value is None
    assert sheet.cell(row=row_of(sheet, "1.1"), column=column_of(sheet, "note")).value == (
        "Biên bản số 12"
    )
    assert sheet.cell(row=row_of(sheet, "1.1"), column=column_of(sheet, "points")).value == 15
    assert sheet.cell(row=row_of(sheet, "1.2"), column=column_of(sheet, "max_points")).value == 10


def test_every_input_has_its_own_labelled_value_cell_and_a_hidden_input_code(client):
    assessment, user = open_assessment(flags=["digital_economy"])

    sheet = download(logged_in(client, user), assessment)[SHEET_FORM]

    row = row_of(sheet, "2.1")
    labels = [sheet.cell(row=row, column=column_of(sheet, f"input_{n}")).value for n in (1, 2, 3)]
    codes = [
        sheet.cell(row=row, column=column_of(sheet, f"input_code_{n}")).value for n in (1, 2, 3)
    ]
    assert labels == ["Có phương án", "Số lần diễn tập", "Số sự cố"]
    assert codes == ["plan", "drills", "incidents"]
    code_letter = sheet.cell(row=1, column=column_of(sheet, "input_code_1")).column_letter
    assert sheet.column_dimensions[code_letter].hidden
    assert sheet.cell(row=row_of(sheet, "1.1"), column=column_of(sheet, "input_1")).value == (
        "Meetings (cuộc)"
    )


def test_value_cells_carry_data_validations_by_input_type(client):
    assessment, user = open_assessment(flags=["digital_economy"])

    sheet = download(logged_in(client, user, language="vi"), assessment)[SHEET_FORM]

    rules = _validations_by_cell(sheet)
    meetings = rules[value_cell(sheet.parent, "1.1", "meetings").coordinate]
    assert (meetings.type, meetings.operator, meetings.formula1) == (
        "whole",
        "greaterThanOrEqual",
        "0",
    )
    plan = rules[value_cell(sheet.parent, "2.1", "plan").coordinate]
    assert (plan.type, plan.formula1) == ("list", '"Có,Không"')
    level = rules[value_cell(sheet.parent, "2.2", "level").coordinate]
    assert (level.type, level.formula1) == ("list", '"Đầy đủ,Một phần,Chưa có"')
    issued = rules[value_cell(sheet.parent, "2.2", "issued_on").coordinate]
    assert (issued.type, issued.formula1) == ("date", "DATE(2025,1,1)")
    assert all(
        rule.showErrorMessage and rule.error and rule.prompt
        for rule in (meetings, plan, level, issued)
    )
    na_of_2_1 = sheet.cell(row=row_of(sheet, "2.1"), column=column_of(sheet, "not_applicable"))
    na_of_1_1 = sheet.cell(row=row_of(sheet, "1.1"), column=column_of(sheet, "not_applicable"))
    assert rules[na_of_2_1.coordinate].formula1 == '"Có,Không"'
    assert na_of_1_1.coordinate not in rules  # 1.1 may not be declared not applicable


def test_a_percent_input_is_limited_to_0_to_100_and_a_decimal_to_non_negative_numbers(client):
    assessment, user = open_assessment(framework=load_percent_framework())

    workbook = download(logged_in(client, user), assessment)

    rules = _validations_by_cell(workbook[SHEET_FORM])
    percent = rules[value_cell(workbook, "1.3", "online_pct").coordinate]
    hours = rules[value_cell(workbook, "1.3", "hours").coordinate]
    assert (percent.type, percent.operator, percent.formula1, percent.formula2) == (
        "decimal",
        "between",
        "0",
        "100",
    )
    assert (hours.type, hours.operator, hours.formula1) == ("decimal", "greaterThanOrEqual", "0")


def test_only_value_not_applicable_and_note_cells_are_editable(client):
    assessment, user = open_assessment()

    sheet = download(logged_in(client, user), assessment)[SHEET_FORM]

    row = row_of(sheet, "2.1")
    assert sheet.protection.sheet
    assert sheet.protection.password is None
    locked = {
        key: sheet.cell(row=row, column=column_of(sheet, key)).protection.locked
        for key in (
            "code",
            "name",
            "max_points",
            "input_1",
            "input_code_1",
            "value_1",
            "not_applicable",
            "note",
            "points",
        )
    }
    assert locked == {
        "code": True,
        "name": True,
        "max_points": True,
        "input_1": True,
        "input_code_1": True,
        "value_1": False,
        "not_applicable": False,
        "note": False,
        "points": True,
    }


def test_form_is_named_after_the_year_and_the_agency_and_has_instructions(client):
    assessment, user = open_assessment()

    response = logged_in(client, user).get(
        reverse("assessments:excel_download", args=[assessment.pk])
    )

    assert response["Content-Disposition"] == (
        f'attachment; filename="DTI-2026-{assessment.agency.code}.xlsx"'
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [SHEET_FORM, SHEET_HELP]
    instructions = " ".join(
        str(row[0]) for row in workbook[SHEET_HELP].iter_rows(values_only=True) if row[0]
    )
    assert assessment.agency.name in instructions
    assert "nothing is changed" in instructions


def test_indicator_names_follow_the_active_language():
    assessment, _user = open_assessment()

    with translation.override("vi"):
        vietnamese = load_workbook(io.BytesIO(write_form(assessment)))[SHEET_FORM]
    with translation.override("en"):
        english = load_workbook(io.BytesIO(write_form(assessment)))[SHEET_FORM]

    name = column_of(vietnamese, "name")
    assert vietnamese.cell(row=row_of(vietnamese, "1.1"), column=name).value == (
        "Số cuộc họp của Ban chỉ đạo"
    )
    assert english.cell(row=row_of(english, "1.1"), column=name).value == (
        "Steering committee meetings"
    )


def test_the_coordinator_may_download_any_agencys_form(client):
    assessment, _user = open_assessment()

    workbook = download(logged_in(client, make_user(Role.COORDINATOR)), assessment)

    assert _codes(workbook[SHEET_FORM]) == ["1.1", "1.2", "2.1"]
