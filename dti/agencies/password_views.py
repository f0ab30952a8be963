"""The signed-in user's own password: any role changes it here, and a user whose password the
coordinator set is held here until they do (``dti.core.security.PasswordChangeMiddleware``)."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from .account_forms import PasswordChangeForm
from .accounts import AccountProblems, change_own_password
from .otp_views import next_page


@sensitive_post_parameters()
@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def password_change(request):
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            change_own_password(request.user, **form.cleaned_data)
        except AccountProblems as refused:
            for field, reasons in refused.problems.items():
                form.add_error(field, reasons)
        else:
            # The other sessions of the account end; this one goes on under the new password.
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Your password has been changed."))
            return redirect(next_page(request))
    return render(
        request,
        "agencies/password_change.html",
        {"form": form, "forced": request.user.must_change_password, "next": next_page(request)},
    )
