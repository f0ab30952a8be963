"""Signing in through the real sign-in page, and codes an authenticator app would show."""

from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD


def sign_in(client, username, password=PASSWORD, **request_extra):
    """POST the sign-in form, as a browser does (the test client's ``login`` skips the page)."""
    return client.post(
        reverse("login"), {"username": username, "password": password}, **request_extra
    )


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the app shows now, or ``steps_ahead`` time steps (30 s) later.

    A device accepts each time step once, so a test that enters a second code takes the next.
    """
    code = totp(device.bin_key, device.step, device.t0, device.digits, steps_ahead)
    return f"{code:0{device.digits}d}"


def enrolled_device(user) -> TOTPDevice:
    """A confirmed authenticator app of ``user``, as left by a finished enrolment."""
    return TOTPDevice.objects.create(user=user, name="authenticator app", confirmed=True)
