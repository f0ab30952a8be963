"""Where the browser tests find Chromium and axe-core, and what they do when either is missing.

The tests drive Debian's Chromium (``apt-get install chromium chromium-l10n``) through
Playwright for Python, never a browser that Playwright downloads itself. ``make browser``
installs what is missing and ``.ci/run`` calls it, so in CI (``CI=true``) a missing browser is
a failure, not a skip (tests/ci.py).
"""

from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings

from tests.ci import missing

try:
    from playwright.sync_api import expect
except ImportError:  # the tests then skip (or fail in CI) through require_chromium
    expect = None

CHROMIUM = Path(os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium"))
# No sandbox: CI runs as root in a container, where Chromium's sandbox cannot start. The rest
# keeps a headless run quiet and offline: no GPU, no update checks, no sync, no first-run pages.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--lang=vi",
]
# The browser's own words (e.g. the file picker's "Choose file") in Vietnamese, as on a
# Vietnamese civil servant's computer; needs Debian's chromium-l10n, English without it.
CHROMIUM_ENV = {**os.environ, "LANGUAGE": "vi"}
AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
INSTALL_HINT = "run `make browser` (apt-get install chromium chromium-l10n; npm ci for axe-core)"


def unavailable(what: str) -> None:
    """Skip the browser tests with a clear message, or fail them in CI, where they must run."""
    missing(what, INSTALL_HINT)


def require_chromium() -> None:
    if not CHROMIUM.exists():
        unavailable(f"Chromium is not installed at {CHROMIUM}")
    if expect is None:
        unavailable("Playwright for Python is not installed (pip install -e '.[dev]')")


def require_axe() -> str:
    """The axe-core script, installed from the npm registry by package.json."""
    if not AXE_SCRIPT.exists():
        unavailable(f"axe-core is not installed at {AXE_SCRIPT}")
    return AXE_SCRIPT.read_text(encoding="utf-8")
