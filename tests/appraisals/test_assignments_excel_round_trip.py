"""The matrix exported to Excel and imported back: the same assignments, and edits made in the
file applied with a count of what was added and removed."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.appraisals.assignments_helpers import build_setup, open_sheet, workbook_bytes

pytestmark = pytest.mark.django_db

PLAN = {"1.1": ["SKHCN"], "1.2": ["SKHCN", "VPUB"], "2.1": ["VPUB"], "2.2": ["VPUB"]}


@pytest.fixture
def setup(client):
    setup = build_setup()
    setup.assign(PLAN)
    client.force_login(setup.coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return setup


def export(client, setup) -> bytes:
    response = client.get(reverse("appraisals:assignments_export", args=[setup.framework.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    return response.content


def upload(client, setup, data: bytes, name="phan-cong.xlsx"):
    return client.post(
        reverse("appraisals:assignments_import", args=[setup.framework.pk]),
        {"file": SimpleUploadedFile(name, data)},
        follow=True,
    )


def test_the_export_has_indicator_rows_department_columns_and_marks(client, setup):
    data = export(client, setup)
    sheet = open_sheet(data)
    assert sheet.parent.sheetnames == ["Phân công", "Hướng dẫn"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][3:] == ("SKHCN", "VPUB")
    assert rows[1][3:] == ("Sở Khoa học và Công nghệ", "Văn phòng UBND")
    assert [row[:2] + row[3:] for row in rows[2:]] == [
        ("1. Digital awareness", "1.1", "x", None),
        ("1. Digital awareness", "1.2", "x", "x"),
        ("2. Cyber security", "2.1", None, "x"),
        ("2. Cyber security", "2.2", None, "x"),
    ]


def test_an_exported_file_imported_back_restores_the_same_assignments(client, setup):
    data = export(client, setup)
    setup.assign({})
    response = upload(client, setup, data)
    assert response.redirect_chain[-1][0] == reverse(
        "appraisals:assignments", args=[setup.framework.pk]
    )
    assert setup.saved_plan() == PLAN
    assert [str(message) for message in response.context["messages"]] == [
        "The matrix was imported: 5 assignment(s) added, 0 removed."
    ]


def test_any_mark_means_assigned_and_an_empty_cell_means_not(client, setup):
    sheet = open_sheet(export(client, setup))
    sheet["D3"] = None  # 1.1 no longer SKHCN
    sheet["E3"] = "X"  # 1.1 now VPUB
    sheet["D5"] = 1  # 2.1 also SKHCN
    sheet["D6"] = "✓"  # 2.2 also SKHCN
    sheet["E4"] = "  "  # 1.2 no longer VPUB: blanks are empty
    response = upload(client, setup, workbook_bytes(sheet))
    assert setup.saved_plan() == {
        "1.1": ["VPUB"],
        "1.2": ["SKHCN"],
        "2.1": ["SKHCN", "VPUB"],
        "2.2": ["SKHCN", "VPUB"],
    }
    assert [str(message) for message in response.context["messages"]] == [
        "The matrix was imported: 3 assignment(s) added, 2 removed."
    ]


def test_indicators_and_departments_left_out_of_the_file_keep_their_assignments(client, setup):
    sheet = open_sheet(export(client, setup))
    sheet.delete_cols(5)  # the VPUB column
    sheet.delete_rows(6)  # the 2.2 row
    sheet["D5"] = "x"  # 2.1 also SKHCN
    sheet["D4"] = None  # 1.2 no longer SKHCN
    upload(client, setup, workbook_bytes(sheet))
    assert setup.saved_plan() == {
        "1.1": ["SKHCN"],
        "1.2": ["VPUB"],
        "2.1": ["SKHCN", "VPUB"],
        "2.2": ["VPUB"],
    }


def test_a_new_department_column_can_be_added_by_its_code(client, setup):
    sheet = open_sheet(export(client, setup))
    setup.departments["SNV"].active_until = None
    setup.departments["SNV"].save()
    sheet["F1"] = "snv"
    sheet["F4"] = "x"
    upload(client, setup, workbook_bytes(sheet))
    assert setup.saved_plan()["1.2"] == ["SKHCN", "SNV", "VPUB"]
