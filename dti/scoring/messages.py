"""Translatable messages without Django.

The engine marks its user-facing sentences with ``_`` so that ``makemessages`` extracts them into
the project's .po files, but it never translates them itself: a ``Message`` keeps the English
msgid and its parameters, and the caller renders it with whatever ``translate`` function it has
(Django's ``gettext`` in the web application, the identity in plain Python).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


def _(message: str) -> str:
    """Mark a msgid for extraction; returns it unchanged."""
    return message


@dataclass(frozen=True)
class LocalText:
    """A text given in several languages, e.g. an indicator name in Vietnamese and English."""

    vi: str = ""
    en: str = ""

    def pick(self, language: str) -> str:
        if language.startswith("en"):
            return self.en or self.vi
        return self.vi or self.en

    def __str__(self) -> str:
        return self.pick("vi")


Translate = Callable[[str], str]
FormatNumber = Callable[[Decimal], str]


def plain_number(value: Decimal) -> str:
    """Default number format: no trailing zeros, '.' as decimal separator."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


@dataclass(frozen=True)
class Renderer:
    """How to turn messages into text: translation, number format and language of names."""

    translate: Translate = lambda message: message
    format_number: FormatNumber = plain_number
    format_date: Callable[[datetime.date], str] = lambda value: value.isoformat()
    language: str = "vi"

    def value(self, value: Any) -> str:
        if isinstance(value, bool):
            return self.translate(_("yes")) if value else self.translate(_("no"))
        if isinstance(value, Decimal | int):
            return self.format_number(Decimal(value))
        if isinstance(value, datetime.date):
            return self.format_date(value)
        if isinstance(value, LocalText):
            return value.pick(self.language)
        if isinstance(value, Message):
            return value.render(self)
        return str(value)


@dataclass(frozen=True)
class Message:
    """A msgid with named ``{placeholders}`` and the values that fill them."""

    text: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, renderer: Renderer | None = None) -> str:
        renderer = renderer or Renderer()
        values = {name: renderer.value(value) for name, value in self.params.items()}
        return renderer.translate(self.text).format(**values)

    def __str__(self) -> str:
        return self.render()
