"""Real small files of each accepted type, made in memory, and an open assessment to attach to."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from dti.campaigns.services import default_deadlines
from tests.factories import make_campaign

MINIMAL_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)
WINDOWS_PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(64)


def image_bytes(image_format: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (11, 61, 110)).save(buffer, image_format)
    return buffer.getvalue()


def docx_bytes(text: str = "Báo cáo chuyển đổi số") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Số cuộc họp"
    workbook.active["B1"] = 12
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def odf_bytes(mimetype: str) -> bytes:
    """A minimal OpenDocument package: the ``mimetype`` entry first and uncompressed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr(
            "content.xml",
            '<?xml version="1.0"?><office:document-content/>',
            compress_type=zipfile.ZIP_DEFLATED,
        )
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0"?><manifest:manifest/>',
            compress_type=zipfile.ZIP_DEFLATED,
        )
    return buffer.getvalue()


def odt_bytes() -> bytes:
    return odf_bytes("application/vnd.oasis.opendocument.text")


def ods_bytes() -> bytes:
    return odf_bytes("application/vnd.oasis.opendocument.spreadsheet")


def docx_with_zeros(megabytes: int) -> bytes:
    """A DOCX whose document part is ``megabytes`` MB of zeros: each MB deflates to about 1 KB.

    Written in chunks so that the test never holds the inflated content in memory.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _ooxml_content_types())
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = bytes(1024 * 1024)
            for _ in range(megabytes):
                member.write(chunk)
    return buffer.getvalue()


def _ooxml_content_types() -> str:
    return (
        '<?xml version="1.0"?><Types><Override PartName="/word/document.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"'
        "/></Types>"
    )


def docx_with_members(count: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _ooxml_content_types())
        archive.writestr("word/document.xml", "<w:document/>")
        for number in range(count - 2):
            archive.writestr(f"word/media/image{number}.png", b"\x89PNG")
    return buffer.getvalue()


def plain_zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "not an office document")
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    """What Django hands a view for an uploaded file; the browser's content type is ignored."""
    return SimpleUploadedFile(name, content, content_type=content_type)


def use_temporary_storage(settings, location: Path) -> Path:
    """Point the default storage at ``location`` (assigning STORAGES resets the cached storage)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location), "base_url": None},
        },
    }
    return location


def stored_objects(location: Path) -> list[Path]:
    return sorted(path for path in location.rglob("*") if path.is_file())


def open_campaign(agencies):
    """A campaign in self-assessment whose deadlines are all next year: editing is open."""
    return make_campaign(agencies, deadlines=default_deadlines(timezone.localdate().year + 1))


def closed_campaign(agencies):
    """A campaign in self-assessment whose deadlines passed last year."""
    return make_campaign(agencies, deadlines=default_deadlines(timezone.localdate().year - 1))
