"""Account management pages of the coordinator.

Generated passwords are shown once: the action keeps the password in the session, the next page
takes it out and shows it. Pages that carry a password are never cached.
"""

from pathlib import Path

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .account_forms import AccountCreateForm, AccountEditForm, AccountFilterForm, AccountImportForm
from .accounts import (
    NON_FIELD,
    AccountImportError,
    AccountProblems,
    accounts_filtered,
    activate_account,
    add_account,
    created_accounts_csv,
    deactivate_account,
    import_accounts,
    import_template_workbook,
    imported_as_dicts,
    reset_password,
    update_account,
)
from .lockout import lockouts_of, unlock_account
from .models import User
from .otp import confirmed_device, reset_two_factor
from .permissions import permission_required

ACCOUNTS_PER_PAGE = 50
# Session keys of what is shown or downloaded once, then deleted.
ONE_TIME_PASSWORD_KEY = "accounts_one_time_password"
IMPORTED_PASSWORDS_KEY = "accounts_imported_passwords"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@permission_required("account.manage")
@require_GET
def account_list(request):
    form = AccountFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    accounts = accounts_filtered(
        role=filters.get("role", ""),
        tier=filters.get("tier", ""),
        active=filters.get("active", ""),
        query=filters.get("q", ""),
    )
    page = Paginator(accounts, ACCOUNTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "agencies/accounts/list.html", {"form": form, "page": page})


@permission_required("account.manage")
@require_http_methods(["GET", "POST"])
def account_create(request):
    form = AccountCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account = add_account(
                request.user,
                username=data["username"],
                full_name=data["full_name"],
                email=data["email"],
                role=data["role"],
                agency=data["agency"],
                password=form.chosen_password(),
            )
        except AccountProblems as error:
            _show_on_form(form, error)
        else:
            messages.success(
                request, _("Account %(username)s created.") % {"username": account.user.username}
            )
            if account.temporary_password:
                _keep_for_one_showing(request, account.user, account.temporary_password)
                return redirect("accounts:temporary_password", pk=account.user.pk)
            return redirect("accounts:list")
    return render(request, "agencies/accounts/create.html", {"form": form})


@permission_required("account.manage")
@require_http_methods(["GET", "POST"])
def account_edit(request, pk):
    account = get_object_or_404(User.objects.select_related("agency"), pk=pk)
    form = AccountEditForm(request.POST or None, account=account, editor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            changed = update_account(account, request.user, **form.cleaned_data)
        except AccountProblems as error:
            _show_on_form(form, error)
        else:
            if changed:
                messages.success(
                    request, _("Account %(username)s saved.") % {"username": account.username}
                )
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("accounts:list")
    return render(
        request,
        "agencies/accounts/edit.html",
        {
            "account": account,
            "form": form,
            "lockouts": lockouts_of(account),
            "two_factor_device": confirmed_device(account),
        },
    )


@permission_required("account.manage")
@require_POST
def account_deactivate(request, pk):
    account = get_object_or_404(User, pk=pk)
    try:
        deactivate_account(account, request.user)
    except AccountProblems as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Account %(username)s is deactivated: it can no longer sign in.")
            % {"username": account.username},
        )
    return redirect("accounts:edit", pk=pk)


@permission_required("account.manage")
@require_POST
def account_activate(request, pk):
    account = get_object_or_404(User, pk=pk)
    activate_account(account, request.user)
    messages.success(
        request, _("Account %(username)s is active again.") % {"username": account.username}
    )
    return redirect("accounts:edit", pk=pk)


@permission_required("account.manage")
@require_POST
def account_reset_password(request, pk):
    account = get_object_or_404(User, pk=pk)
    password = reset_password(account, request.user)
    if account.pk == request.user.pk:
        # A new password ends every session of the account; keep the coordinator's own one.
        update_session_auth_hash(request, account)
    _keep_for_one_showing(request, account, password)
    return redirect("accounts:temporary_password", pk=pk)


@permission_required("account.manage")
@require_POST
def account_unlock(request, pk):
    account = get_object_or_404(User, pk=pk)
    if unlock_account(account, request.user):
        messages.success(
            request, _("Account %(username)s can sign in again.") % {"username": account.username}
        )
    else:
        messages.info(
            request, _("Account %(username)s was not locked.") % {"username": account.username}
        )
    return redirect("accounts:edit", pk=pk)


@permission_required("account.manage")
@require_POST
def account_reset_two_factor(request, pk):
    account = get_object_or_404(User, pk=pk)
    if reset_two_factor(account, request.user):
        messages.success(
            request,
            _(
                "Two-factor sign-in of %(username)s is reset: the account signs in with its "
                "password and sets up its authenticator app again."
            )
            % {"username": account.username},
        )
    else:
        messages.info(
            request,
            _("Account %(username)s has no two-factor sign-in to reset.")
            % {"username": account.username},
        )
    return redirect("accounts:edit", pk=pk)


@permission_required("account.manage")
@require_GET
@never_cache
def account_temporary_password(request, pk):
    account = get_object_or_404(User.objects.select_related("agency"), pk=pk)
    kept = request.session.get(ONE_TIME_PASSWORD_KEY)
    password = None
    if kept and kept["account"] == account.pk:
        password = kept["password"]
        del request.session[ONE_TIME_PASSWORD_KEY]
    return render(
        request,
        "agencies/accounts/temporary_password.html",
        {"account": account, "password": password},
    )


@permission_required("account.manage")
@require_http_methods(["GET", "POST"])
@never_cache
def account_import(request):
    form = AccountImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            created = import_accounts(upload.name, upload.read(), request.user)
        except AccountImportError as error:
            problems = error.lines
        else:
            request.session[IMPORTED_PASSWORDS_KEY] = {
                "file": Path(upload.name).name,
                "accounts": imported_as_dicts(created),
            }
            return render(
                request,
                "agencies/accounts/import_done.html",
                {"created": created, "file": Path(upload.name).name},
            )
    return render(request, "agencies/accounts/import.html", {"form": form, "problems": problems})


@permission_required("account.manage")
@require_GET
@never_cache
def account_import_passwords(request):
    """The accounts of the last import with their passwords, as CSV: one download, then gone."""
    kept = request.session.pop(IMPORTED_PASSWORDS_KEY, None)
    if kept is None:
        messages.warning(
            request,
            _("The list of imported accounts was already downloaded or has expired."),
        )
        return redirect("accounts:import")
    response = HttpResponse(created_accounts_csv(kept["accounts"]), content_type="text/csv")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"accounts-{Path(kept['file']).stem}.csv"
    )
    return response


@permission_required("account.manage")
@require_GET
def account_import_template(request):
    response = HttpResponse(import_template_workbook(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename="accounts-template.xlsx"
    )
    return response


def _keep_for_one_showing(request, account: User, password: str) -> None:
    request.session[ONE_TIME_PASSWORD_KEY] = {"account": account.pk, "password": password}


def _show_on_form(form, error: AccountProblems) -> None:
    for field, reasons in error.problems.items():
        form.add_error(field if field in form.fields and field != NON_FIELD else None, reasons)
