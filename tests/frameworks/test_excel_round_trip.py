import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from dti.frameworks.document import check_document
from dti.frameworks.excel_format import SHEET_INDICATORS, write_workbook
from dti.frameworks.files import FrameworkFileError, read_framework_file
from dti.frameworks.services import framework_document, load_framework
from dti.frameworks.yaml_format import dump_yaml, read_yaml
from tests.frameworks.helpers import small_document

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def canonical(document):
    checked, problems = check_document(document)
    assert not problems, [problem.render() for problem in problems]
    return checked


def test_yaml_to_database_to_excel_and_back_is_lossless():
    original = canonical(small_document())
    framework = load_framework(small_document())
    exported = framework_document(framework)
    assert exported == original
    workbook = write_workbook(exported)
    assert read_framework_file("export.xlsx", workbook) == original


def test_excel_import_into_a_fresh_database_gives_the_same_export():
    workbook = write_workbook(canonical(small_document()))
    framework = load_framework(read_framework_file("export.xlsx", workbook))
    assert write_workbook(framework_document(framework)) and framework_document(
        framework
    ) == canonical(small_document())


def test_yaml_export_reads_back_to_the_same_document():
    original = canonical(small_document())
    document, problems = read_yaml(dump_yaml(original))
    assert not problems
    assert canonical(document) == original


def edited_workbook(edit) -> bytes:
    workbook = load_workbook(io.BytesIO(write_workbook(canonical(small_document()))))
    edit(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_bad_cell_is_reported_with_sheet_row_and_column():
    def break_rule_json(workbook):
        workbook[SHEET_INDICATORS]["H3"] = "{not json"

    with pytest.raises(FrameworkFileError) as raised:
        read_framework_file("edited.xlsx", edited_workbook(break_rule_json))
    assert any(
        line.startswith("edited.xlsx: Chỉ số!H 3: Not valid JSON") for line in raised.value.lines
    ), raised.value.lines


def test_a_document_problem_is_placed_on_the_indicator_row():
    def wrong_points(workbook):
        workbook[SHEET_INDICATORS]["G2"] = 99  # indicator 1.1 max points

    with pytest.raises(FrameworkFileError) as raised:
        read_framework_file("edited.xlsx", edited_workbook(wrong_points))
    assert (
        "edited.xlsx: Nhóm, row 2: groups[0].max_points: The group's maximum is 30 but its "
        "indicators add up to 109." in raised.value.lines
    )


def test_a_workbook_without_the_indicator_sheet_is_refused():
    def drop_sheet(workbook):
        del workbook[SHEET_INDICATORS]

    with pytest.raises(FrameworkFileError) as raised:
        read_framework_file("edited.xlsx", edited_workbook(drop_sheet))
    assert "The sheet 'Chỉ số' is missing." in raised.value.lines[0]


def test_a_file_that_is_not_a_workbook_is_refused():
    with pytest.raises(FrameworkFileError) as raised:
        read_framework_file("fake.xlsx", b"not a zip file")
    assert "not a readable .xlsx workbook" in raised.value.lines[0]
