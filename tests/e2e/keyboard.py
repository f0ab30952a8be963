"""Moving through a page with the keyboard only, as somebody who cannot use a mouse."""

from __future__ import annotations

import pytest


def focused(page, selector: str) -> bool:
    return page.evaluate("(selector) => document.activeElement.matches(selector)", selector)


def press_tab_until(page, selector: str, limit: int = 60) -> None:
    """Move the keyboard focus with Tab until the element ``selector`` has it."""
    for _press in range(limit):
        if focused(page, selector):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"{selector} not reached with {limit} presses of Tab")


def choose_file_by_keyboard(page, selector: str, files) -> None:
    """Tab to the file input ``selector``, open the browser's file chooser with Space (as a
    keyboard user does) and choose ``files`` in it."""
    press_tab_until(page, selector)
    with page.expect_file_chooser() as chooser:
        # Playwright asks the browser to intercept file choosers without waiting for the answer;
        # a round trip first makes sure the interception is on before Space opens the chooser
        # (otherwise, on a loaded machine, the chooser can open natively and the event never
        # comes).
        page.evaluate("0")
        page.keyboard.press("Space")
    chooser.value.set_files(files)
