"""A wrong upload is refused whole: every problem is placed by sheet, row and column, and
nothing changes."""

import pytest
from openpyxl import Workbook

from dti.assessments.excel_form import (
    KEY_ROW,
    MAX_DATA_ROWS,
    MAX_FILE_BYTES,
    SHEET_FORM,
    FormProblem,
    session_key,
)
from dti.assessments.models import Response
from dti.assessments.services import save_response
from tests.hostile_files import ENTITY_REFUSAL, with_entities

from .excel_form_helpers import (
    as_bytes,
    column_of,
    download,
    load_percent_framework,
    logged_in,
    open_assessment,
    row_of,
    set_cell,
    set_value,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(client):
    """An assessment with a saved answer, its user logged in, and its freshly downloaded form."""
    assessment, user = open_assessment()
    response = assessment.responses.get(indicator__code="1.1")
    save_response(response, values={"meetings": "2"}, not_applicable=False, note="", by=user)
    workbook = download(logged_in(client, user), assessment)
    return assessment, workbook


def _state(assessment):
    return list(
        Response.objects.filter(assessment=assessment)
        .order_by("pk")
        .values_list("values", "not_applicable", "note", "version")
    )


def _refused(client, assessment, content, name="form.xlsx") -> list[FormProblem]:
    """Upload ``content``; check that it was refused with nothing changed; return the problems."""
    before = _state(assessment)
    response = upload(client, assessment, content, name)
    assert response.status_code == 200
    assert "changes" not in response.context
    assert _state(assessment) == before
    assert session_key(assessment) not in client.session
    problems = response.context["problems"]
    assert problems
    return problems


def _only(problems) -> FormProblem:
    assert len(problems) == 1, problems
    return problems[0]


def test_text_in_a_number_cell_is_reported_at_its_cell(client, filled):
    assessment, workbook = filled
    letter = set_value(workbook, "1.1", "meetings", "ba")

    problem = _only(_refused(client, assessment, workbook))

    assert (problem.sheet, problem.row, problem.column) == (SHEET_FORM, 3, letter)
    assert problem.reason == "Enter a whole number: “ba” is not a number."


def test_more_chaired_meetings_than_meetings_is_reported_at_the_chaired_cell(client, filled):
    assessment, workbook = filled
    chaired = set_value(workbook, "1.2", "chaired", 5)
    set_value(workbook, "1.2", "total", 4)

    problem = _only(_refused(client, assessment, workbook))

    assert (problem.row, problem.column) == (4, chaired)
    assert problem.reason == (
        "Số cuộc do người đứng đầu chủ trì must be ≤ Tổng số cuộc họp (entered: 5 and 4)."
    )


def test_a_negative_count_is_refused(client, filled):
    assessment, workbook = filled
    letter = set_value(workbook, "2.1", "drills", -1)

    problem = _only(_refused(client, assessment, workbook))

    assert (problem.row, problem.column, problem.reason) == (
        5,
        letter,
        "The value cannot be negative.",
    )


def test_a_percentage_above_100_is_refused(client):
    assessment, user = open_assessment(framework=load_percent_framework())
    workbook = download(logged_in(client, user), assessment)
    letter = set_value(workbook, "1.3", "online_pct", 120)

    problem = _only(_refused(client, assessment, workbook))

    assert (problem.row, problem.column, problem.reason) == (
        row_of(workbook[SHEET_FORM], "1.3"),
        letter,
        "The value must be at most 100.",
    )


def test_a_whole_number_input_refuses_a_fraction(client, filled):
    assessment, workbook = filled
    letter = set_value(workbook, "1.1", "meetings", 7.5)

    problem = _only(_refused(client, assessment, workbook))

    assert (problem.column, problem.reason) == (letter, "Enter a whole number.")


def test_an_unknown_indicator_code_is_reported_on_its_row(client, filled):
    assessment, workbook = filled
    set_cell(workbook, "1.2", "code", "9.9")

    problem = _only(_refused(client, assessment, workbook))

    assert (problem.row, problem.column, problem.reason) == (4, "A", "Unknown indicator code 9.9.")


def test_an_indicator_code_typed_as_a_number_is_refused(client, filled):
    assessment, workbook = filled
    set_cell(workbook, "1.2", "code", 1.2)

    problem = _only(_refused(client, assessment, workbook))

    assert (problem.row, problem.column) == (4, "A")


def test_an_indicator_appearing_twice_is_reported_on_its_second_row(client, filled):
    assessment, workbook = filled
    sheet = workbook[SHEET_FORM]
    sheet.append([cell.value for cell in sheet[3]])  # a copy of the row of 1.1

    problem = _only(_refused(client, assessment, workbook))

    assert (problem.row, problem.column) == (6, "A")
    assert problem.reason == "The indicator 1.1 already appears on row 3."


def test_a_row_for_an_indicator_that_does_not_apply_to_the_agency_is_refused(client, filled):
    assessment, workbook = filled
    sheet = workbook[SHEET_FORM]
    row = sheet.max_row + 1
    sheet.cell(row=row, column=column_of(sheet, "code"), value="2.2")
    sheet.cell(row=row, column=column_of(sheet, "input_code_1"), value="level")
    sheet.cell(row=row, column=column_of(sheet, "value_1"), value="Đầy đủ")

    problem = _only(_refused(client, assessment, workbook))

    assert (problem.row, problem.column, problem.reason) == (
        row,
        "A",
        "The indicator 2.2 does not apply to this agency.",
    )


def test_not_applicable_is_refused_where_the_indicator_does_not_allow_it(client, filled):
    assessment, workbook = filled
    letter = set_cell(workbook, "1.1", "not_applicable", "Có")

    problem = _only(_refused(client, assessment, workbook))

    assert (problem.row, problem.column, problem.reason) == (
        3,
        letter,
        "The indicator 1.1 cannot be declared not applicable.",
    )


def test_a_value_beyond_the_inputs_of_an_indicator_is_refused(client, filled):
    assessment, workbook = filled
    letter = set_cell(workbook, "1.1", "value_2", 4)

    problem = _only(_refused(client, assessment, workbook))

    assert (problem.row, problem.column) == (3, letter)


def test_a_missing_column_is_named_with_the_place_it_belongs(client, filled):
    assessment, workbook = filled
    sheet = workbook[SHEET_FORM]
    note = column_of(sheet, "note")
    sheet.delete_cols(note)

    problem = _only(_refused(client, assessment, workbook))

    assert (problem.sheet, problem.row, problem.column) == (
        SHEET_FORM,
        KEY_ROW,
        sheet.cell(row=1, column=note).column_letter,
    )
    assert problem.reason.startswith("The column “Note” is missing.")


def test_a_renamed_column_is_reported_as_unknown_and_its_column_as_missing(client, filled):
    assessment, workbook = filled
    sheet = workbook[SHEET_FORM]
    note = sheet.cell(row=KEY_ROW, column=column_of(sheet, "note"))
    note.value = "remarks"

    problems = _refused(client, assessment, workbook)

    assert [(p.row, p.column) for p in problems] == [
        (KEY_ROW, note.column_letter),
        (KEY_ROW, note.column_letter),
    ]
    assert problems[0].reason == "This column is not part of the form (technical name “remarks”)."
    assert problems[1].reason.startswith("The column “Note” is missing.")


def test_a_sheet_made_by_hand_is_refused_as_not_the_form(client, filled):
    assessment, _workbook = filled
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_FORM
    sheet.append(["Mã", "Giá trị"])
    sheet.append(["1.1", 3])

    problem = _only(_refused(client, assessment, workbook))

    assert (problem.sheet, problem.row) == (SHEET_FORM, KEY_ROW)
    assert problem.reason.startswith("This sheet does not have the form's columns")


def test_a_value_typed_outside_the_form_columns_is_refused(client, filled):
    assessment, workbook = filled
    sheet = workbook[SHEET_FORM]
    stray = sheet.cell(row=3, column=sheet.max_column + 2, value=5)

    problem = _only(_refused(client, assessment, workbook))

    assert (problem.row, problem.column) == (3, stray.column_letter)


def test_a_missing_sheet_is_reported(client, filled):
    assessment, workbook = filled
    workbook[SHEET_FORM].title = "Sheet1"

    problem = _only(_refused(client, assessment, workbook))

    assert (problem.sheet, problem.row, problem.column) == (SHEET_FORM, None, "")
    assert problem.reason == "The sheet “Tự đánh giá” is missing."


def test_a_file_that_is_not_a_workbook_is_refused_even_named_xlsx(client, filled):
    assessment, _workbook = filled

    problem = _only(_refused(client, assessment, b"code,value\n1.1,3\n", name="form.xlsx"))

    assert problem.reason.startswith("The file is not an Excel workbook (.xlsx).")


def test_a_damaged_workbook_is_refused(client, filled):
    assessment, workbook = filled
    content = as_bytes(workbook)

    problem = _only(_refused(client, assessment, content[: len(content) // 2]))

    assert problem.reason.startswith("The file is not an Excel workbook")


def test_a_file_over_5_mb_is_refused(client, filled):
    assessment, _workbook = filled

    problem = _only(_refused(client, assessment, b"PK" + b"\0" * MAX_FILE_BYTES))

    assert problem.reason == "The file is larger than 5 MB."


def test_a_form_with_too_many_rows_is_refused(client, filled):
    assessment, workbook = filled
    sheet = workbook[SHEET_FORM]
    for number in range(MAX_DATA_ROWS + 1):
        sheet.append([f"x{number}"])

    problems = _refused(client, assessment, workbook)

    assert problems[-1].reason == f"The form has more than {MAX_DATA_ROWS} rows."


def test_every_problem_of_a_file_is_reported_at_once(client, filled):
    assessment, workbook = filled
    meetings = set_value(workbook, "1.1", "meetings", "nhiều")
    chaired = set_value(workbook, "1.2", "chaired", 3)
    set_value(workbook, "1.2", "total", 1)
    drills = set_value(workbook, "2.1", "drills", -2)

    problems = _refused(client, assessment, workbook)

    assert [(p.row, p.column) for p in problems] == [(3, meetings), (4, chaired), (5, drills)]


def test_a_valid_change_is_not_applied_when_another_indicator_has_a_bad_cell(client, filled):
    assessment, workbook = filled
    set_value(workbook, "1.1", "meetings", 5)  # valid, and a change from the stored 2
    drills = set_value(workbook, "2.1", "drills", "hai")

    problem = _only(_refused(client, assessment, workbook))

    assert (problem.sheet, problem.row, problem.column) == (SHEET_FORM, 5, drills)
    assert problem.reason == "Enter a whole number: “hai” is not a number."
    stored = assessment.responses.get(indicator__code="1.1")
    assert (stored.values, stored.version) == ({"meetings": "2"}, 1)


def test_problems_are_listed_on_the_page_with_their_place(client, filled):
    assessment, workbook = filled
    letter = set_value(workbook, "1.1", "meetings", "ba")

    response = upload(client, assessment, workbook)

    page = response.content.decode()
    assert f"<td>{letter}</td>" in page
    assert "Enter a whole number: “ba” is not a number." in page


def test_a_form_declaring_xml_entities_is_refused_before_it_is_parsed(client, filled):
    assessment, workbook = filled

    problem = _only(_refused(client, assessment, with_entities(as_bytes(workbook))))

    assert ENTITY_REFUSAL in problem.reason
