import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from dti.agencies.importing import COLUMNS, AgencyImportError, import_agencies
from dti.agencies.models import Agency, Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db

HEADER = ",".join(COLUMNS)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def csv_bytes(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")


def test_a_csv_list_creates_agencies_with_flags_and_years():
    summary = import_agencies(
        "list.csv",
        csv_bytes(
            "SCT,Sở Công Thương,Department of Industry and Trade,department,2025,digital_economy,"
            "true,true,,,false,true,",
            "X-1,Xã Một,,commune,2025,,,,2025,,true,false,chưa có tên",
        ),
    )
    assert summary.created == ["SCT", "X-1"]
    industry = Agency.objects.get(code="SCT")
    assert industry.flags_in(2025) == {"digital_economy"} and industry.is_appraising_unit
    assert industry.flags_in(2024) == frozenset()
    commune = Agency.objects.get(code="X-1")
    assert commune.is_placeholder and commune.is_assessed and commune.active_from == 2025
    assert not commune.is_active_in(2024) and commune.is_active_in(2025)


def test_an_existing_code_is_updated():
    import_agencies("list.csv", csv_bytes("SYT,Sở Y tế,,department,2025,,,,,,,,"))
    summary = import_agencies("list.csv", csv_bytes("SYT,Sở Y tế Hà Nội,,department,2025,,,,,,,,"))
    assert summary.updated == ["SYT"]
    assert Agency.objects.get(code="SYT").name == "Sở Y tế Hà Nội"


def test_every_bad_row_is_reported_and_nothing_is_stored():
    with pytest.raises(AgencyImportError) as raised:
        import_agencies(
            "list.csv",
            csv_bytes(
                "A,Good,,department,2025,,,,,,,,",
                "B,,,province,2025,,maybe,,20x5,,,,",
                "A,Again,,department,2025,,,,,,,,",
            ),
        )
    lines = raised.value.lines
    assert "list.csv: row 3, column name: This field is required." in lines
    assert any(line.startswith("list.csv: row 3, column tier: Expected one of") for line in lines)
    assert "list.csv: row 3, column is_assessed: Expected true or false, found maybe." in lines
    assert any(line.startswith("list.csv: row 3, column active_from:") for line in lines)
    assert "list.csv: row 4, column code: the code A is already used on row 2." in lines
    assert Agency.objects.count() == 0


def test_wrong_columns_are_refused():
    with pytest.raises(AgencyImportError) as raised:
        import_agencies("list.csv", b"code,nom,tier\nA,B,department\n")
    assert raised.value.lines == [
        "list.csv: row 1: missing columns: name",
        "list.csv: row 1: unknown columns: nom",
    ]


def test_an_excel_list_is_read_like_a_csv():
    workbook = Workbook()
    workbook.active.append(list(COLUMNS))
    workbook.active.append(
        [
            "Q-HADONG",
            "Quận Hà Đông",
            "Ha Dong District",
            "district",
            2024,
            None,
            True,
            False,
            None,
            2024,
            False,
            True,
            None,
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    import_agencies("list.xlsx", buffer.getvalue())
    assert Agency.objects.get(code="Q-HADONG").active_until == 2024


def test_the_command_exits_non_zero_on_a_bad_file(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes("A,,,department,2025,,,,,,,,"))
    with pytest.raises(CommandError) as raised:
        call_command("load_agencies", str(path))
    assert raised.value.returncode == 1


def test_coordinator_imports_through_the_page(client):
    client.force_login(make_user(Role.COORDINATOR))
    upload = io.BytesIO(csv_bytes("SYT,Sở Y tế,,department,2025,,,,,,,,"))
    upload.name = "list.csv"
    response = client.post(reverse("agencies:import"), {"file": upload})
    assert response.status_code == 302
    assert Agency.objects.filter(code="SYT").exists()


def test_the_page_shows_row_errors_and_stores_nothing(client):
    client.force_login(make_user(Role.COORDINATOR))
    before = Agency.objects.count()
    upload = io.BytesIO(csv_bytes("SYT,,,department,2025,,,,,,,,"))
    upload.name = "list.csv"
    response = client.post(reverse("agencies:import"), {"file": upload})
    assert "list.csv: dòng 2, cột name: Trường này là bắt buộc." in response.content.decode()
    assert Agency.objects.count() == before
