"""The people of a browser test: each one gets a browser context of their own (own cookies, so
own session and language), sized like an office screen unless told otherwise."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
# Long enough for a page that builds a report; short enough that a broken step fails quickly.
ACTION_TIMEOUT_MS = 15_000


@dataclass
class People:
    browser: object
    base_url: str
    contexts: list = field(default_factory=list)
    # Called with every new context, e.g. to serve axe-core (see axe.py).
    context_setup: list[Callable] = field(default_factory=list)

    def visitor(self, viewport: dict | None = None):
        """A new browser window of somebody not signed in (Vietnamese, as any first visit)."""
        context = self.browser.new_context(
            base_url=self.base_url,
            viewport=viewport or DESKTOP,
            locale="vi-VN",
            timezone_id="Asia/Ho_Chi_Minh",
            accept_downloads=True,
        )
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        for setup in self.context_setup:
            setup(context)
        self.contexts.append(context)
        return context.new_page()

    def signed_in(self, username: str, password: str, viewport: dict | None = None):
        """A new browser window of ``username``, signed in through the login page."""
        page = self.visitor(viewport)
        sign_in(page, username, password)
        return page

    def close(self) -> None:
        for context in self.contexts:
            context.close()
        self.contexts.clear()


def sign_in(page, username: str, password: str) -> None:
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main form button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


def submit_and_wait(page, selector: str) -> None:
    """Click a submit button and wait for the page that the form leads to."""
    with page.expect_navigation():
        page.click(selector)
