"""Bulk import of accounts from .csv or .xlsx: all-or-nothing, every problem named by place."""

import csv
import io
import json

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from dti.agencies.accounts import IMPORT_COLUMNS, AccountImportError, import_accounts
from dti.agencies.models import Role, User
from dti.audit.models import AuditEvent
from tests.factories import make_agency, make_user

pytestmark = pytest.mark.django_db

GIVEN_PASSWORD = "sông-Hồng-chảy-2025"
HEADER = ",".join(IMPORT_COLUMNS)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def coordinator(client):
    user = make_user(Role.COORDINATOR)
    client.force_login(user)
    return user


@pytest.fixture
def agencies():
    return {
        "SYT": make_agency("SYT"),
        "VPUB": make_agency("VPUB", is_appraising_unit=True),
    }


def csv_file(*lines: str, name: str = "accounts.csv") -> SimpleUploadedFile:
    text = "\n".join([HEADER, *lines]) + "\n"
    return SimpleUploadedFile(name, "\ufeff".encode() + text.encode("utf-8"))


GOOD_ROWS = (
    "canbo.syt,Nguyễn Văn A,a@example.gov.vn,agency_staff,SYT,",
    f"lanhdao.syt,Trần Thị B,,agency_leader,SYT,{GIVEN_PASSWORD}",
    "thamdinh.vpub,Lê Văn C,c@example.gov.vn,appraiser,VPUB,",
    "hoidong9,Phạm Thị D,,council_member,,",
)


def test_a_good_file_creates_every_account_with_working_passwords(client, coordinator, agencies):
    response = client.post(reverse("accounts:import"), {"file": csv_file(*GOOD_ROWS)})
    assert response.status_code == 200
    created = {account.username: account for account in response.context["created"]}
    assert set(created) == {"canbo.syt", "lanhdao.syt", "thamdinh.vpub", "hoidong9"}
    assert created["lanhdao.syt"].temporary_password == ""
    assert User.objects.get(username="lanhdao.syt").check_password(GIVEN_PASSWORD)
    for username in ("canbo.syt", "thamdinh.vpub", "hoidong9"):
        password = created[username].temporary_password
        assert len(password) >= 14
        assert User.objects.get(username=username).check_password(password)
    appraiser = User.objects.get(username="thamdinh.vpub")
    assert (appraiser.role, appraiser.agency.code) == (Role.APPRAISER, "VPUB")
    assert User.objects.get(username="hoidong9").agency is None


def test_each_imported_account_is_audited_with_the_file_and_no_password(
    client, coordinator, agencies
):
    response = client.post(reverse("accounts:import"), {"file": csv_file(*GOOD_ROWS)})
    events = AuditEvent.objects.filter(action="account.create")
    assert events.count() == 4
    assert {event.reason for event in events} == {"bulk import accounts.csv"}
    passwords = [GIVEN_PASSWORD] + [
        account.temporary_password
        for account in response.context["created"]
        if account.temporary_password
    ]
    stored = json.dumps([[e.before, e.after, e.reason] for e in events], ensure_ascii=False)
    for password in passwords:
        assert password not in stored


def test_the_list_with_passwords_downloads_once_as_csv(client, coordinator, agencies):
    response = client.post(reverse("accounts:import"), {"file": csv_file(*GOOD_ROWS)})
    shown = {a.username: a.temporary_password for a in response.context["created"]}

    download = client.get(reverse("accounts:import_passwords"))
    assert download["Content-Type"].startswith("text/csv")
    assert "attachment" in download["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert {row["username"]: row["temporary_password"] for row in rows} == shown

    again = client.get(reverse("accounts:import_passwords"))
    assert again.status_code == 302
    assert client.session.get("accounts_imported_passwords") is None


def test_an_xlsx_file_imports_like_a_csv(coordinator, agencies):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(IMPORT_COLUMNS)
    sheet.append(["canbo.syt", "Nguyễn Văn A", None, "agency_staff", "SYT", None])
    sheet.append(["hoidong9", "Phạm Thị D", None, "council_member", None, None])
    output = io.BytesIO()
    workbook.save(output)
    created = import_accounts("accounts.xlsx", output.getvalue(), coordinator)
    assert [account.username for account in created] == ["canbo.syt", "hoidong9"]
    assert User.objects.filter(username__in=["canbo.syt", "hoidong9"]).count() == 2


def test_several_bad_rows_create_nothing_and_each_is_reported(coordinator, agencies):
    make_user(Role.WORKING_GROUP, username="existing")
    lines = (
        "ok.user,Nguyễn Văn A,,agency_staff,SYT,",  # row 2: fine
        "bad.role,Nguyễn Văn B,,chairman,SYT,",  # row 3
        "bad.agency,Nguyễn Văn C,,agency_staff,NOPE,",  # row 4
        "no.agency,Nguyễn Văn D,,agency_leader,,",  # row 5
        "bad.appraiser,Nguyễn Văn E,,appraiser,SYT,",  # row 6
        "ok.user,Nguyễn Văn F,,council_member,,",  # row 7: same username as row 2
        "EXISTING,Nguyễn Văn G,,council_member,,",  # row 8
        "bad.email,Nguyễn Văn H,not-an-email,council_member,,",  # row 9
        "weak.password,Nguyễn Văn I,,council_member,,123",  # row 10
        "long.name," + "x" * 300 + ",,council_member,,",  # row 11
    )
    data = csv_file(*lines).read()
    with pytest.raises(AccountImportError) as refused:
        import_accounts("accounts.csv", data, coordinator)
    problems = refused.value.lines
    expected_places = [
        "accounts.csv: row 3, column role: Unknown role chairman",
        "accounts.csv: row 4, column agency_code: Unknown agency code NOPE.",
        "accounts.csv: row 5, column agency_code: The role Agency leader needs an agency.",
        "accounts.csv: row 6, column agency_code: An appraiser must belong to an appraising unit",
        "accounts.csv: row 7, column username: The username ok.user is also on row 2.",
        "accounts.csv: row 8, column username: The username EXISTING is already taken.",
        "accounts.csv: row 9, column email: not-an-email is not a valid e-mail address.",
        "accounts.csv: row 10, column password: This password is too short.",
        "accounts.csv: row 10, column password: This password is entirely numeric.",
        "accounts.csv: row 11, column full_name: At most 255 characters.",
    ]
    for place in expected_places:
        assert any(line.startswith(place) for line in problems), place
    assert not any("row 2," in line for line in problems)
    assert not User.objects.exclude(username__in=["existing", coordinator.username]).exists()
    assert not AuditEvent.objects.filter(action="account.create").exists()


def test_the_import_page_shows_the_problems_and_creates_nothing(client, coordinator, agencies):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        reverse("accounts:import"),
        {"file": csv_file("ok.user,Nguyễn Văn A,,agency_staff,SYT,", "x,Y,,chairman,,")},
    )
    assert response.status_code == 200
    assert response.context["problems"] == [
        "accounts.csv: row 3, column role: Unknown role chairman; expected one of: "
        + ", ".join(Role.values)
        + "."
    ]
    assert not User.objects.filter(username="ok.user").exists()
    assert client.session.get("accounts_imported_passwords") is None


def test_missing_and_unknown_columns_are_named(coordinator):
    data = b"username,full_name,role,phone\nx,Y,council_member,0912\n"
    with pytest.raises(AccountImportError) as refused:
        import_accounts("accounts.csv", data, coordinator)
    assert refused.value.lines == [
        "accounts.csv: row 1: missing columns: email, agency_code",
        "accounts.csv: row 1: unknown columns: phone",
    ]


def test_a_file_that_is_not_utf8_is_refused(coordinator):
    data = (HEADER + "\nx,Hà,,council_member,,\n").encode("latin-1")
    with pytest.raises(AccountImportError) as refused:
        import_accounts("accounts.csv", data, coordinator)
    assert refused.value.lines == ["accounts.csv: The file is not UTF-8 text."]


def test_the_template_opens_with_openpyxl_and_imports_as_is(client, coordinator):
    make_agency("SYT")
    response = client.get(reverse("accounts:import_template"))
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert rows[0] == IMPORT_COLUMNS
    assert len(rows) == 2
    created = import_accounts("template.xlsx", response.content, coordinator)
    assert [account.username for account in created] == [rows[1][0]]
