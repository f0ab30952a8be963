"""Hostile workbooks for the upload tests: a real workbook with an XML entity declaration."""

from __future__ import annotations

import io
import zipfile


def workbook_zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


LAUGHS = (
    b'<!DOCTYPE worksheet [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)
ENTITY_REFUSAL = "declares XML entities"


def with_entities(workbook: bytes, part: str = "xl/worksheets/sheet1.xml") -> bytes:
    """The same workbook, its ``part`` declaring entities and using them in a new cell (a
    "billion laughs"); every other part untouched, so only the declaration can make it fail."""
    with zipfile.ZipFile(io.BytesIO(workbook)) as original:
        parts = {name: original.read(name) for name in original.namelist()}
    xml = parts[part]
    declaration_end = xml.index(b"?>") + 2 if xml.startswith(b"<?xml") else 0
    xml = xml[:declaration_end] + LAUGHS + xml[declaration_end:]
    parts[part] = xml.replace(
        b"</sheetData>",
        b'<row r="99"><c r="A99" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData>',
    )
    return workbook_zip(parts)
