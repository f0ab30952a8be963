"""Opening uploaded Excel workbooks safely.

An .xlsx file is a zip of XML parts. Before openpyxl parses anything we check that the upload is
a zip holding a workbook part, with a sane number of parts and a bounded unpacked size (a "zip
bomb" of a few kilobytes can unpack to gigabytes), and that no part declares a document type:
Office never writes one, and a declaration is how XML entity attacks ("billion laughs", external
entities reading local files) begin. openpyxl's own defusedxml parsing stays as a second line.
"""

from __future__ import annotations

import io
import zipfile

from django.utils.translation import gettext as _
from openpyxl import load_workbook

MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_PARTS = 2000


class UnreadableWorkbook(ValueError):
    """The upload is not a workbook we are willing to open."""


class XmlDeclarationRefused(UnreadableWorkbook):
    """A part of the workbook declares a document type (entities): refused, never parsed."""

    def __init__(self, part: str):
        self.part = part
        super().__init__(
            _(
                "its part %(part)s declares XML entities (a document type), which Excel never "
                "writes; the file is refused for safety"
            )
            % {"part": part}
        )


def looks_like_xlsx(data: bytes, max_unpacked_bytes: int = MAX_UNPACKED_BYTES) -> bool:
    """A zip holding a workbook part, with a bounded number of parts and unpacked size."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        return False
    names = {member.filename for member in members}
    unpacked = sum(member.file_size for member in members)
    return (
        "xl/workbook.xml" in names and len(members) <= MAX_PARTS and unpacked <= max_unpacked_bytes
    )


def check_no_document_type(data: bytes) -> None:
    """Raise XmlDeclarationRefused if an XML part of the (size-checked) zip ``data`` declares a
    document type."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.infolist():
            if member.filename.endswith((".xml", ".rels")):
                content = archive.read(member)
                # A part in UTF-16 (allowed by XML) is checked decoded, as the parser reads it.
                if content.startswith((b"\xff\xfe", b"\xfe\xff")):
                    content = content.decode("utf-16", errors="replace").encode()
                if b"<!DOCTYPE" in content or b"<!ENTITY" in content:
                    raise XmlDeclarationRefused(member.filename)


def open_workbook(data: bytes):
    """A read-only workbook of ``data``, or UnreadableWorkbook."""
    if not looks_like_xlsx(data):
        raise UnreadableWorkbook("not an .xlsx workbook, or too large once unpacked")
    check_no_document_type(data)
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of errors for a damaged file
        raise UnreadableWorkbook(type(error).__name__) from None
