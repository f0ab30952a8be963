"""Opening uploaded Excel workbooks safely.

An .xlsx file is a zip of XML parts. Before openpyxl parses anything we check that the upload is
a zip holding a workbook part, with a sane number of parts and a bounded unpacked size (a "zip
bomb" of a few kilobytes can unpack to gigabytes). XML entity tricks are handled by openpyxl
itself, which parses through defusedxml when it is installed (it is a dependency).
"""

from __future__ import annotations

import io
import zipfile

from openpyxl import load_workbook

MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_PARTS = 2000


class UnreadableWorkbook(ValueError):
    """The upload is not a workbook we are willing to open."""


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


def open_workbook(data: bytes):
    """A read-only workbook of ``data``, or UnreadableWorkbook."""
    if not looks_like_xlsx(data):
        raise UnreadableWorkbook("not an .xlsx workbook, or too large once unpacked")
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of errors for a damaged file
        raise UnreadableWorkbook(type(error).__name__) from None
