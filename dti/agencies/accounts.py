"""Account management by the coordinator: the rules, the actions and the list behind them.

Every action here checks ``account.manage``, writes in one transaction and records an audit event;
``change_own_password`` is the one a signed-in user takes on their own account. Passwords never
reach the audit data: events say that a password was set, never which one. Temporary passwords
are returned to the caller once, to be shown once to the coordinator. A password the coordinator
set (created, reset or imported) must be changed by its user at the next sign-in.
"""

from __future__ import annotations

import csv
import io
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from dti.audit.services import record
from dti.core.spreadsheets import csv_safe, workbook_bytes
from dti.core.xlsx import UnreadableWorkbook, XmlDeclarationRefused, open_workbook

from .models import ROLES_WITH_AGENCY, Agency, Role, User
from .permissions import require
from .services import COORDINATOR_GROUP, AccountError, coordinator_group, create_account

# Readable without ambiguity when dictated or copied from paper: no 0/O, 1/l/I.
TEMPORARY_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
# Four groups of four: 16 random characters (about 92 bits), 19 with the hyphens.
TEMPORARY_PASSWORD_GROUPS = 4
TEMPORARY_PASSWORD_GROUP_LENGTH = 4
# A generated password fails the validators only by bad luck (e.g. it resembles the username).
TEMPORARY_PASSWORD_ATTEMPTS = 20

NON_FIELD = "__all__"


class AccountProblems(AccountError):
    """An account action was refused; ``problems`` maps a field name to reasons, translated."""

    def __init__(self, problems: dict[str, list[str]]):
        self.problems = problems
        super().__init__("; ".join(reason for reasons in problems.values() for reason in reasons))


def max_length(field_name: str) -> int:
    return User._meta.get_field(field_name).max_length


# --- Rules shared by the forms, the import and the actions -------------------------------------


def username_problems(username: str) -> list[str]:
    """Why ``username`` cannot be given to a new account (empty list: it can)."""
    if not username:
        return [_("This field is required.")]
    if len(username) > max_length("username"):
        return [_("At most %(limit)s characters.") % {"limit": max_length("username")}]
    try:
        User.username_validator(username)
    except ValidationError as error:
        return list(error.messages)
    # Case-insensitive: "NguyenVan" and "nguyenvan" would be two people nobody can tell apart.
    if User.objects.filter(username__iexact=username).exists():
        return [_("The username %(username)s is already taken.") % {"username": username}]
    return []


def role_problems(role: str) -> list[str]:
    if role in Role.values:
        return []
    return [
        _("Unknown role %(role)s; expected one of: %(choices)s.")
        % {"role": role or "—", "choices": ", ".join(Role.values)}
    ]


def agency_problems(role: str, agency: Agency | None) -> list[str]:
    """Why an account with ``role`` cannot act for ``agency`` (empty list: it can)."""
    if role not in Role.values:
        return []
    if role in ROLES_WITH_AGENCY and agency is None:
        return [_("The role %(role)s needs an agency.") % {"role": Role(role).label}]
    if role == Role.APPRAISER and not agency.is_appraising_unit:
        return [
            _("An appraiser must belong to an appraising unit; %(agency)s is not one.")
            % {"agency": agency.code}
        ]
    return []


def password_problems(password: str, user: User) -> list[str]:
    """The messages of Django's password validators for ``password`` (empty list: it passes)."""
    try:
        validate_password(password, user)
    except ValidationError as error:
        return list(error.messages)
    return []


def generate_temporary_password(user: User | None = None) -> str:
    """A random password such as ``k7Hq-Mz3P-wa9X-ReT4`` that passes the password validators."""
    for _attempt in range(TEMPORARY_PASSWORD_ATTEMPTS):
        groups = [
            "".join(
                secrets.choice(TEMPORARY_PASSWORD_ALPHABET)
                for _index in range(TEMPORARY_PASSWORD_GROUP_LENGTH)
            )
            for _group in range(TEMPORARY_PASSWORD_GROUPS)
        ]
        password = "-".join(groups)
        if not password_problems(password, user):
            return password
    raise RuntimeError("AUTH_PASSWORD_VALIDATORS reject every generated temporary password")


# --- Actions ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewAccount:
    user: User
    # Set when the platform generated the password; to be shown once, never stored in clear.
    temporary_password: str | None


def snapshot(user: User) -> dict[str, object]:
    """What the audit keeps of an account: never its password."""
    return {
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
        "role": user.role,
        "agency": user.agency.code if user.agency_id else None,
        "is_active": user.is_active,
    }


@transaction.atomic
def add_account(
    by: User,
    *,
    username: str,
    full_name: str,
    email: str,
    role: str,
    agency: Agency | None,
    password: str | None = None,
    reason: str = "",
) -> NewAccount:
    """Create an account; without ``password`` a temporary one is generated and returned."""
    require(by, "account.manage")
    candidate = User(username=username, full_name=full_name, email=email)
    problems = {
        "username": username_problems(username),
        "role": role_problems(role),
        "agency": agency_problems(role, agency),
        "password": password_problems(password, candidate) if password else [],
    }
    _raise_if_any(problems)
    temporary_password = None if password else generate_temporary_password(candidate)
    try:
        user = create_account(
            username=username,
            password=password or temporary_password,
            role=role,
            agency=agency,
            full_name=full_name,
            email=email,
            must_change_password=True,
        )
    except ValidationError as error:
        raise AccountProblems(error.message_dict) from None
    record(by, "account.create", user, after=snapshot(user), reason=reason)
    return NewAccount(user, temporary_password)


@transaction.atomic
def update_account(
    user: User, by: User, *, full_name: str, email: str, role: str, agency: Agency | None
) -> bool:
    """Change an account's name, e-mail, role and agency; False when nothing changed.

    A coordinator cannot change their own role: it would lock them out of this page.
    """
    require(by, "account.manage")
    problems = {"role": role_problems(role), "agency": agency_problems(role, agency)}
    if user.pk == by.pk and role != user.role:
        problems["role"].append(_("You cannot change your own role."))
    _raise_if_any(problems)
    user = User.objects.select_for_update(of=("self",)).select_related("agency").get(pk=user.pk)
    before = snapshot(user)
    user.full_name, user.email, user.role, user.agency = full_name, email, role, agency
    after = snapshot(user)
    if before == after:
        return False
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as error:
        raise AccountProblems(error.message_dict) from None
    user.save(update_fields=["full_name", "email", "role", "agency"])
    _apply_admin_rights(user)
    record(by, "account.update", user, before=before, after=after)
    return True


def deactivate_account(user: User, by: User) -> None:
    """Stop an account from signing in; its open sessions end with it (Django checks is_active)."""
    _set_active(user, by, active=False)


def activate_account(user: User, by: User) -> None:
    _set_active(user, by, active=True)


@transaction.atomic
def reset_password(user: User, by: User) -> str:
    """Give the account a new temporary password and return it, to be shown once."""
    require(by, "account.manage")
    password = generate_temporary_password(user)
    user.set_password(password)
    # Someone else now knows the password, unless the coordinator reset their own.
    user.must_change_password = user.pk != by.pk
    user.save(update_fields=["password", "must_change_password"])
    record(by, "account.password_reset", user)
    return password


@transaction.atomic
def change_own_password(
    user: User, *, current_password: str, new_password: str, new_password_again: str
) -> None:
    """The signed-in ``user`` replaces their password, proving they know the current one.

    Sessions of the account elsewhere end with it (Django ties each session to the password);
    the caller keeps the current one (``update_session_auth_hash``).
    """
    problems = {
        "current_password": [],
        "new_password": password_problems(new_password, user),
        "new_password_again": [],
    }
    if not user.check_password(current_password):
        problems["current_password"].append(_("This is not your current password."))
    elif new_password == current_password:
        problems["new_password"].append(_("Choose a password other than the current one."))
    if new_password_again != new_password:
        problems["new_password_again"].append(_("The two passwords differ."))
    _raise_if_any(problems)
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    record(user, "account.password_change", user)


@transaction.atomic
def _set_active(user: User, by: User, *, active: bool) -> None:
    require(by, "account.manage")
    if not active and user.pk == by.pk:
        raise AccountProblems({NON_FIELD: [_("You cannot deactivate your own account.")]})
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active == active:
        return
    user.is_active = active
    user.save(update_fields=["is_active"])
    action = "account.activate" if active else "account.deactivate"
    record(by, action, user, before={"is_active": not active}, after={"is_active": active})


def _apply_admin_rights(user: User) -> None:
    """Coordinators use Django admin on the platform's data (as ``create_account`` sets up)."""
    is_coordinator = user.role == Role.COORDINATOR
    staff = is_coordinator or user.is_superuser
    if user.is_staff != staff:
        user.is_staff = staff
        user.save(update_fields=["is_staff"])
    if is_coordinator:
        user.groups.add(coordinator_group())
    else:
        user.groups.remove(*user.groups.filter(name=COORDINATOR_GROUP))


def _raise_if_any(problems: dict[str, list[str]]) -> None:
    found = {field: reasons for field, reasons in problems.items() if reasons}
    if found:
        raise AccountProblems(found)


# --- Reads --------------------------------------------------------------------------------------


def accounts_filtered(
    role: str = "", tier: str = "", active: str = "", query: str = ""
) -> QuerySet[User]:
    """Accounts for the list page; ``active`` is "yes", "no" or empty for both."""
    accounts = User.objects.select_related("agency").order_by("username")
    if role:
        accounts = accounts.filter(role=role)
    if tier:
        accounts = accounts.filter(agency__tier=tier)
    if active:
        accounts = accounts.filter(is_active=active == "yes")
    if query:
        accounts = accounts.filter(
            Q(username__icontains=query)
            | Q(full_name__icontains=query)
            | Q(email__icontains=query)
            | Q(agency__code__icontains=query)
            | Q(agency__name__icontains=query)
        )
    return accounts


# --- Bulk import --------------------------------------------------------------------------------

IMPORT_COLUMNS = ("username", "full_name", "email", "role", "agency_code", "password")
IMPORT_REQUIRED_COLUMNS = ("username", "full_name", "email", "role", "agency_code")
# Every account's password is hashed on purpose slowly, in the request: keep a file reasonable.
IMPORT_MAX_ROWS = 1_000
IMPORT_MAX_BYTES = 2 * 1024 * 1024
IMPORT_EXAMPLE_ROW = (
    "nguyenvana.syt",
    "Nguyễn Văn A",
    "nguyenvana@example.gov.vn",
    Role.AGENCY_STAFF.value,
    "SYT",
    "",
)
CREATED_CSV_COLUMNS = ("username", "full_name", "role", "agency_code", "temporary_password")


class AccountImportError(Exception):
    """The file was refused; ``lines`` name the file, row and column of every problem."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class ImportedAccount:
    username: str
    full_name: str
    role: str
    agency_code: str
    # Empty when the file gave the password.
    temporary_password: str

    @property
    def role_label(self) -> str:
        return Role(self.role).label


@dataclass(frozen=True)
class _AccountRow:
    number: int
    username: str
    full_name: str
    email: str
    role: str
    agency: Agency | None
    password: str


def import_accounts(filename: str, data: bytes, by: User) -> list[ImportedAccount]:
    """Create every account of a .csv or .xlsx file, or none if any row is wrong."""
    require(by, "account.manage")
    name = Path(filename).name
    if len(data) > IMPORT_MAX_BYTES:
        raise AccountImportError(
            [
                f"{name}: "
                + _("The file is larger than %(limit)s MB.")
                % {"limit": IMPORT_MAX_BYTES // (1024 * 1024)}
            ]
        )
    rows, problems = _check_rows(name, _read_rows(name, data))
    if problems:
        raise AccountImportError(problems)
    return _create_rows(name, rows, by)


def import_template_workbook() -> bytes:
    """An .xlsx with the header row, one example row, and a sheet explaining the roles."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "accounts"
    sheet.append(IMPORT_COLUMNS)
    sheet.append(IMPORT_EXAMPLE_ROW)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEF", (22, 28, 30, 16, 14, 20), strict=True):
        sheet.column_dimensions[letter].width = width
    roles = workbook.create_sheet("roles")
    roles.append([_("role"), _("meaning"), _("agency")])
    for role in Role:
        roles.append([role.value, str(role.label), _agency_rule_text(role)])
    for cell in roles[1]:
        cell.font = Font(bold=True)
    return workbook_bytes(workbook)


def created_accounts_csv(accounts: list[dict[str, str]]) -> bytes:
    """The imported accounts and their temporary passwords, as UTF-8 CSV that Excel opens."""
    output = io.StringIO()
    writer = csv.DictWriter(output, fieldnames=CREATED_CSV_COLUMNS)
    writer.writeheader()
    writer.writerows({key: csv_safe(value) for key, value in row.items()} for row in accounts)
    return output.getvalue().encode("utf-8-sig")


def imported_as_dicts(accounts: list[ImportedAccount]) -> list[dict[str, str]]:
    return [asdict(account) for account in accounts]


def _agency_rule_text(role: Role) -> str:
    if role == Role.APPRAISER:
        return _("required: an appraising unit")
    if role in ROLES_WITH_AGENCY:
        return _("required")
    return _("optional")


def _read_rows(name: str, data: bytes) -> list[tuple[int, dict[str, Any]]]:
    suffix = Path(name).suffix.lower()
    if suffix == ".csv":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise AccountImportError([f"{name}: " + _("The file is not UTF-8 text.")]) from None
        table = list(csv.reader(io.StringIO(text)))
    elif suffix == ".xlsx":
        table = _xlsx_table(name, data)
    else:
        raise AccountImportError([f"{name}: " + _("Expected a .csv or .xlsx file.")])
    if not table:
        raise AccountImportError([f"{name}: " + _("The file is empty.")])
    header = [_text(cell) for cell in table[0]]
    _check_header(name, header)
    if len(table) > IMPORT_MAX_ROWS + 1:
        raise AccountImportError(
            [f"{name}: " + _("More than %(limit)s rows.") % {"limit": IMPORT_MAX_ROWS}]
        )
    rows = []
    for row_number, cells in enumerate(table[1:], start=2):
        if not any(_text(cell) for cell in cells):
            continue
        values = {
            column: cells[index] if index < len(cells) else None
            for index, column in enumerate(header)
            if column
        }
        rows.append((row_number, values))
    if not rows:
        raise AccountImportError([f"{name}: " + _("The file has a header row but no accounts.")])
    return rows


def _check_header(name: str, header: list[str]) -> None:
    lines = []
    missing = [column for column in IMPORT_REQUIRED_COLUMNS if column not in header]
    unknown = [column for column in header if column and column not in IMPORT_COLUMNS]
    if missing:
        lines.append(
            f"{name}: " + _("row 1: missing columns: %(columns)s") % {"columns": ", ".join(missing)}
        )
    if unknown:
        lines.append(
            f"{name}: " + _("row 1: unknown columns: %(columns)s") % {"columns": ", ".join(unknown)}
        )
    if lines:
        raise AccountImportError(lines)


def _xlsx_table(name: str, data: bytes) -> list[list[Any]]:
    try:
        workbook = open_workbook(data)
    except XmlDeclarationRefused as refused:
        raise AccountImportError([f"{name}: {refused}"]) from None
    except UnreadableWorkbook:
        raise AccountImportError(
            [f"{name}: " + _("The file is not a readable .xlsx workbook.")]
        ) from None
    sheet = workbook.worksheets[0]
    table = [list(row) for row in sheet.iter_rows(values_only=True, max_row=IMPORT_MAX_ROWS + 2)]
    workbook.close()
    return table


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value).strip()


def _check_rows(
    name: str, table: list[tuple[int, dict[str, Any]]]
) -> tuple[list[_AccountRow], list[str]]:
    agencies = {agency.code: agency for agency in Agency.objects.all()}
    first_row_of: dict[str, int] = {}
    rows: list[_AccountRow] = []
    lines: list[str] = []
    for number, values in table:
        row, problems = _check_row(number, values, agencies)
        key = row.username.lower()
        if key and key in first_row_of:
            problems.append(
                (
                    "username",
                    _("The username %(username)s is also on row %(other)s.")
                    % {"username": row.username, "other": first_row_of[key]},
                )
            )
        first_row_of.setdefault(key, number)
        lines.extend(_problem_line(name, number, column, reason) for column, reason in problems)
        rows.append(row)
    return rows, lines


def _check_row(
    number: int, values: dict[str, Any], agencies: dict[str, Agency]
) -> tuple[_AccountRow, list[tuple[str, str]]]:
    text = {column: _text(values.get(column)) for column in IMPORT_COLUMNS}
    problems = [("username", reason) for reason in username_problems(text["username"])]
    problems += _length_problems(text, ("full_name", "email"))
    if not text["full_name"]:
        problems.append(("full_name", _("This field is required.")))
    if text["email"]:
        problems += [("email", reason) for reason in _email_problems(text["email"])]
    if text["role"]:
        problems += [("role", reason) for reason in role_problems(text["role"])]
    else:
        problems.append(("role", _("This field is required.")))
    agency = agencies.get(text["agency_code"])
    if text["agency_code"] and agency is None:
        problems.append(
            ("agency_code", _("Unknown agency code %(code)s.") % {"code": text["agency_code"]})
        )
    else:
        problems += [("agency_code", reason) for reason in agency_problems(text["role"], agency)]
    row = _AccountRow(
        number=number,
        username=text["username"],
        full_name=text["full_name"],
        email=text["email"],
        role=text["role"],
        agency=agency,
        password=text["password"],
    )
    if row.password:
        candidate = User(username=row.username, full_name=row.full_name, email=row.email)
        problems += [("password", reason) for reason in password_problems(row.password, candidate)]
    return row, problems


def _length_problems(text: dict[str, str], columns: tuple[str, ...]) -> list[tuple[str, str]]:
    return [
        (column, _("At most %(limit)s characters.") % {"limit": max_length(column)})
        for column in columns
        if len(text[column]) > max_length(column)
    ]


def _email_problems(email: str) -> list[str]:
    try:
        validate_email(email)
    except ValidationError:
        return [_("%(value)s is not a valid e-mail address.") % {"value": email}]
    return []


def _problem_line(name: str, row: int, column: str, reason: str) -> str:
    return _("%(file)s: row %(row)s, column %(column)s: %(reason)s") % {
        "file": name,
        "row": row,
        "column": column,
        "reason": reason,
    }


# The form's field names, as the import file names its columns.
_COLUMN_OF_FIELD = {"agency": "agency_code"}


@transaction.atomic
def _create_rows(name: str, rows: list[_AccountRow], by: User) -> list[ImportedAccount]:
    created = []
    for row in rows:
        try:
            account = add_account(
                by,
                username=row.username,
                full_name=row.full_name,
                email=row.email,
                role=row.role,
                agency=row.agency,
                password=row.password or None,
                reason=f"bulk import {name}",
            )
        except AccountProblems as error:
            # Only a change made meanwhile by someone else gets here; the transaction rolls back.
            raise AccountImportError(
                [
                    _problem_line(name, row.number, _COLUMN_OF_FIELD.get(field, field), reason)
                    for field, reasons in error.problems.items()
                    for reason in reasons
                ]
            ) from None
        created.append(
            ImportedAccount(
                username=row.username,
                full_name=row.full_name,
                role=row.role,
                agency_code=row.agency.code if row.agency else "",
                temporary_password=account.temporary_password or "",
            )
        )
    return created
