"""Two-factor sign-in with a time-based code (TOTP, django-otp).

Any account may turn it on: it enrols an authenticator app by scanning a QR code (or typing the
secret) and confirms with a first code. From then on, signing in takes the password, then the
6-digit code. ``settings.REQUIRE_2FA_FOR_ROLES`` makes it mandatory for some roles: such an
account without a device must enrol right after its password, before anything else
(``dti.core.security.TwoFactorMiddleware`` enforces both steps). A person who lost the phone asks
the coordinator, who resets the device (``reset_two_factor``); the person then enrols again.
"""

from __future__ import annotations

from base64 import b32encode

import segno
from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from dti.audit.services import record

from .models import User
from .permissions import require

# What the next request of a signed-in user must be, if anything: see ``pending_step``.
STEP_VERIFY = "verify"
STEP_ENROL = "enrol"


class CodeRefused(Exception):
    """A code was not accepted; the message says why, translated."""


def two_factor_required(user: User) -> bool:
    """Must ``user`` sign in with a second factor (its role is in REQUIRE_2FA_FOR_ROLES)?"""
    return bool(user.role) and user.role in settings.REQUIRE_2FA_FOR_ROLES


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_step(user) -> str | None:
    """What a signed-in ``user`` must do before anything else: verify a code, enrol, or nothing.

    ``user`` comes from ``request.user`` after django-otp's middleware, which tells whether this
    session was verified with a code.
    """
    if not user.is_authenticated or user.is_verified():
        return None
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return STEP_VERIFY
    if two_factor_required(user):
        return STEP_ENROL
    return None


# --- Enrolment ----------------------------------------------------------------------------------


def enrolment_device(user: User) -> TOTPDevice:
    """The not yet confirmed device ``user`` is enrolling (the same one until it is confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator app", confirmed=False)
    return device


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The device's otpauth:// address as a QR code, an SVG image in a data: URI."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def secret_for_typing(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for apps set up by typing it."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[start : start + 4] for start in range(0, len(secret), 4))


@transaction.atomic
def confirm_enrolment(user: User, token: str) -> TOTPDevice:
    """Turn on two-factor sign-in for ``user`` once a first code from the app proves the setup.

    Raises ``CodeRefused`` when the code is wrong or asked too often.
    """
    if confirmed_device(user) is not None:
        raise CodeRefused(_("Two-factor sign-in is already on for this account."))
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None:
        raise CodeRefused(_("The set-up has expired; scan the new QR code and try again."))
    _check_code(device, token)
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record(
        user, "account.otp_enrol", user, before={"two_factor": False}, after={"two_factor": True}
    )
    return device


# --- Sign-in ------------------------------------------------------------------------------------


def verify_code(user: User, token: str) -> TOTPDevice:
    """The confirmed device that accepts ``token`` as ``user``'s second factor.

    Raises ``CodeRefused`` when the code is wrong, already used, or asked too often.
    """
    device = confirmed_device(user)
    if device is None:
        raise CodeRefused(_("Two-factor sign-in is not on for this account."))
    _refuse_if_throttled(device)
    verified = verify_token(user, device.persistent_id, token)
    if verified is None:
        raise CodeRefused(_wrong_code_message())
    return verified


def _check_code(device: TOTPDevice, token: str) -> None:
    _refuse_if_throttled(device)
    if not device.verify_token(token):
        raise CodeRefused(_wrong_code_message())


def _refuse_if_throttled(device: TOTPDevice) -> None:
    # After each wrong code the next try must wait twice as long (1, 2, 4 … seconds).
    allowed, details = device.verify_is_allowed()
    if not allowed:
        raise CodeRefused(
            _("Too many wrong codes. Wait until %(time)s, then enter the new code.")
            % {"time": formats.time_format(timezone.localtime(details["locked_until"]), "H:i:s")}
        )


def _wrong_code_message() -> str:
    return _(
        "The code is not right or has already been used. Check that the phone's clock is "
        "correct and enter the code the app shows now."
    )


# --- Recovery by the coordinator ----------------------------------------------------------------


@transaction.atomic
def reset_two_factor(account: User, by: User) -> bool:
    """Remove ``account``'s authenticator app (e.g. a lost phone) so that it can enrol again.

    Returns whether there was a device to remove; only then is ``account.otp_reset`` recorded.
    The account signs in with its password alone until it enrols again — at once, if its role
    requires two-factor sign-in.
    """
    require(by, "account.manage")
    had_device = confirmed_device(account) is not None
    TOTPDevice.objects.filter(user=account).delete()
    if had_device:
        record(
            by,
            "account.otp_reset",
            account,
            before={"two_factor": True},
            after={"two_factor": False},
        )
    return had_device
