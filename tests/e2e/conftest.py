"""Fixtures of the browser tests: Chromium through Playwright, a live server, one browser
context per person, and the folder of screenshots (printed at the start and at the end).

Playwright's synchronous API runs an asyncio loop in this thread while the browser is open;
Django refuses ORM calls beside a running loop unless DJANGO_ALLOW_ASYNC_UNSAFE is set. The
browser is therefore opened for this package only, and the variable is set only as long as it
is open: the tests' own ORM calls run one at a time beside the idle loop, which is safe.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest
from django.conf import settings

from tests.jobs.helpers import files_in

from .axe import serve_axe
from .browser import CHROMIUM, CHROMIUM_ARGS, CHROMIUM_ENV, require_axe, require_chromium
from .people import People
from .steps import Steps

SCREENSHOT_ROOT = Path(settings.BASE_DIR) / "test-artifacts" / "e2e-screenshots"
_FOLDER_KEY = pytest.StashKey[Path]()


def _announce(config, text: str) -> None:
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(text)


@pytest.fixture(scope="session")
def screenshot_folder(request) -> Path:
    """test-artifacts/e2e-screenshots/<date-time>/, one folder per test session (none when the
    browser tests skip)."""
    require_chromium()
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = SCREENSHOT_ROOT / stamp
    folder.mkdir(parents=True, exist_ok=True)
    request.config.stash[_FOLDER_KEY] = folder
    _announce(request.config, f"\nBrowser test screenshots: {folder}")
    return folder


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    folder = config.stash.get(_FOLDER_KEY, None)
    if folder is not None:
        terminalreporter.write_line(f"Browser test screenshots: {folder}")


@pytest.fixture(scope="package")
def chromium():
    """Debian's Chromium, driven by Playwright, open while this package's tests run."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, env=CHROMIUM_ENV
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _files_in_a_temporary_folder(settings, tmp_path):
    """Evidence and report files of a browser test go to its own folder, not var/media."""
    files_in(settings, tmp_path / "media")


@pytest.fixture
def people(chromium, live_server):
    """Opens a browser context per person against the live server; closes them afterwards."""
    opened = People(chromium, live_server.url)
    yield opened
    opened.close()


@pytest.fixture
def steps(request, screenshot_folder) -> Steps:
    folder = screenshot_folder / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    return Steps(folder)


@pytest.fixture
def axe_people(people):
    """People whose pages can load axe-core from the site's own origin (see axe.py)."""
    script = require_axe()
    people.context_setup.append(lambda context: serve_axe(context, script))
    return people
