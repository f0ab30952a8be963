"""Whether the tests run in CI, and what a test does when a tool it needs is missing.

One answer for every test that needs something from outside Python (Chromium and axe-core for
the browser tests, Redis for the queue tests): on a developer's machine a missing tool skips
the test with a message saying what to install; in CI, where ``.ci/run`` installs and starts
everything, it fails, so that a broken install cannot turn into a green run that tested nothing.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import NoReturn

import pytest

# The values CI systems give the variable (GitHub Actions and GitLab "true", others "1").
CI_VALUES = {"1", "true", "yes"}


def running_in_ci(environ: Mapping[str, str] | None = None) -> bool:
    value = (os.environ if environ is None else environ).get("CI", "")
    return value.strip().lower() in CI_VALUES


def missing(what: str, remedy: str, environ: Mapping[str, str] | None = None) -> NoReturn:
    """Skip the current test because ``what`` is missing (saying the ``remedy``), or fail it
    in CI."""
    if running_in_ci(environ):
        pytest.fail(f"CI must run this test, but {what}: {remedy}", pytrace=False)
    pytest.skip(f"skipped: {what}; {remedy}")
