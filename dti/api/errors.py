"""Errors the API answers with: a status, one sentence, and per-field messages."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ApiProblem(Exception):
    """A request the API refuses: rendered as ``ErrorOut`` with ``status``."""

    status: int
    detail: str
    errors: list[dict[str, str]] = field(default_factory=list)

    def __str__(self) -> str:
        return self.detail


def field_error(field_name: str, message: str) -> dict[str, str]:
    return {"field": field_name, "message": message}
