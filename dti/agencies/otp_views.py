"""Two-factor sign-in pages of the signed-in user: set up the authenticator app, enter the code.

Both concern only the user's own account, so they need a signed-in user and no role. The
coordinator's reset of someone else's device is on the account pages (account_views).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from .otp import (
    STEP_VERIFY,
    CodeRefused,
    confirm_enrolment,
    confirmed_device,
    enrolment_device,
    pending_step,
    qr_code_data_uri,
    secret_for_typing,
    two_factor_required,
    verify_code,
)
from .otp_forms import CodeForm


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def two_factor(request):
    """The state of two-factor sign-in for the user, and its set-up while it is off."""
    device = confirmed_device(request.user)
    if device is not None:
        return render(request, "agencies/otp/status.html", {"device": device})
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = confirm_enrolment(request.user, form.cleaned_data["token"])
        except CodeRefused as refused:
            form.add_error("token", str(refused))
        else:
            _sign_in_with(request, device)
            messages.success(
                request,
                _("Two-factor sign-in is on: from now on, signing in asks for a code."),
            )
            return redirect(next_page(request))
    pending = enrolment_device(request.user)
    return render(
        request,
        "agencies/otp/setup.html",
        {
            "form": form,
            "qr_code": qr_code_data_uri(pending),
            "secret": secret_for_typing(pending),
            "required": two_factor_required(request.user),
            "next": next_page(request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def two_factor_verify(request):
    """The second step of signing in: the code from the app."""
    if pending_step(request.user) != STEP_VERIFY:
        return redirect(next_page(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = verify_code(request.user, form.cleaned_data["token"])
        except CodeRefused as refused:
            form.add_error("token", str(refused))
        else:
            _sign_in_with(request, device)
            return redirect(next_page(request))
    return render(request, "agencies/otp/verify.html", {"form": form, "next": next_page(request)})


def _sign_in_with(request, device) -> None:
    """Mark the session as verified by ``device``, under a new session key: the session now
    carries more trust, so a key seen before the code was entered must not share it."""
    otp_login(request, device)
    request.session.cycle_key()


def next_page(request) -> str:
    """Where to go once the step is done: the page asked for, if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)
