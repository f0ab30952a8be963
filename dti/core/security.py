"""Middleware that protects every page: security headers, idle sessions, the second factor, a
password the coordinator set.

Django's own middleware sends the other security headers from settings: Referrer-Policy,
X-Content-Type-Options, Cross-Origin-Opener-Policy and HSTS (SecurityMiddleware) and
X-Frame-Options (XFrameOptionsMiddleware).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from dti.agencies.models import Role
from dti.agencies.otp import STEP_VERIFY, pending_step

# No inline script or style anywhere: scripts and styles come from files under /static/ only, so
# injected markup cannot run code or restyle a page. Pages are never framed (frame-ancestors) and
# forms post only to this site.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# The platform uses none of these browser features; no page or embedded content may ask for them.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


class SecurityHeadersMiddleware:
    """Adds the Content-Security-Policy and Permissions-Policy headers to every response.

    A response that sets its own policy keeps it (e.g. evidence downloads, which are stricter).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


# Session key of the time (epoch seconds) of the user's latest request.
LAST_ACTIVITY_KEY = "last_activity"
# The stored time is refreshed at most this often, so that reading pages does not write the
# session on every request; the timeout is exact to within this many seconds.
ACTIVITY_WRITE_INTERVAL = 60


class IdleSessionTimeoutMiddleware:
    """Signs a user out after ``SESSION_IDLE_TIMEOUT_MINUTES`` without a request (0: never).

    SESSION_COOKIE_AGE bounds the whole session; this bounds a pause within it, e.g. a computer
    left signed in at lunch. The clock starts with the response that signs the user in (signing
    in writes the session anyway, so starting the clock costs nothing); a session without a clock
    (one opened without a page, as tests do) gets one the next time the session is written.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._idle_too_long(request):
            return self._sign_out(request)
        response = self.get_response(request)
        self._note_activity(request)
        return response

    def _idle_too_long(self, request) -> bool:
        timeout_seconds = settings.SESSION_IDLE_TIMEOUT_MINUTES * 60
        if not timeout_seconds or not request.user.is_authenticated:
            return False
        last_activity = request.session.get(LAST_ACTIVITY_KEY)
        return last_activity is not None and time.time() - last_activity > timeout_seconds

    def _note_activity(self, request) -> None:
        # After the view: a sign-in has just made the user known, a sign-out forgotten.
        if not settings.SESSION_IDLE_TIMEOUT_MINUTES or not request.user.is_authenticated:
            return
        now = int(time.time())
        last_activity = request.session.get(LAST_ACTIVITY_KEY)
        if last_activity is None:
            due = request.session.modified
        else:
            due = now - last_activity >= ACTIVITY_WRITE_INTERVAL
        if due:
            request.session[LAST_ACTIVITY_KEY] = now

    def _sign_out(self, request):
        logout(request)
        messages.info(
            request,
            _(
                "You were signed out after %(minutes)s minutes without activity. "
                "Sign in again to continue."
            )
            % {"minutes": settings.SESSION_IDLE_TIMEOUT_MINUTES},
        )
        # After signing in again, come back to the page asked for (a form sent is not resent).
        if request.method == "GET":
            return redirect_to_login(request.get_full_path())
        return redirect(settings.LOGIN_URL)


class TwoFactorMiddleware:
    """Holds a signed-in user at the two-factor step their account is at (after OTPMiddleware).

    An account with an authenticator app must enter its code before any other page; an account
    whose role requires two-factor sign-in (REQUIRE_2FA_FOR_ROLES) but has no app yet must set
    one up first. Signing out and switching the language stay possible.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        unknown = sorted(set(settings.REQUIRE_2FA_FOR_ROLES) - set(Role.values))
        if unknown:
            raise ImproperlyConfigured(
                f"REQUIRE_2FA_FOR_ROLES: unknown role(s) {', '.join(unknown)}; "
                f"expected some of: {', '.join(Role.values)}"
            )

    def __call__(self, request):
        step = pending_step(request.user)
        if step is None:
            return self.get_response(request)
        step_page = reverse(
            "accounts:two_factor_verify" if step == STEP_VERIFY else "accounts:two_factor"
        )
        if request.path in {step_page, reverse("logout"), reverse("set_language")}:
            return self.get_response(request)
        if request.method == "GET":
            return redirect(f"{step_page}?{urlencode({'next': request.get_full_path()})}")
        return redirect(step_page)


class PasswordChangeMiddleware:
    """Holds a user whose password the coordinator set (``must_change_password``: a new account,
    a reset, an import) at the password-change page until they choose their own.

    After TwoFactorMiddleware: a pending second-factor step comes first, and while one is pending
    that middleware has let through only its own pages. Signing out and switching the language
    stay possible.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if not (user.is_authenticated and user.must_change_password) or pending_step(user):
            return self.get_response(request)
        page = reverse("accounts:password_change")
        if request.path in {page, reverse("logout"), reverse("set_language")}:
            return self.get_response(request)
        if request.method == "GET":
            return redirect(f"{page}?{urlencode({'next': request.get_full_path()})}")
        return redirect(page)
