"""Evidence ("tài liệu kiểm chứng") for responses: files and links, each change audited.

Uploaded files are checked by their content, not their name: the first bytes for PDF, PNG and
JPEG, and the archive's manifest for the Office formats (DOCX, XLSX, ODT, ODS are ZIP files). The
name's extension must agree with what the content is. Content is stored once per SHA-256 under a
key made from the hash, never from the user's file name, so the same document attached by several
agencies takes the space of one.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.validators import URLValidator
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dti.audit.services import record
from dti.core.formatting import format_number

from .models import Assessment, Evidence, EvidenceKind, EvidenceStage, Response, StoredFile
from .services import EditingClosed, check_editable, clear_ready_mark

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

# Limits for the ZIP-based formats. The archive is never extracted; these refuse files built to
# exhaust whoever opens them later (a "zip bomb"): a member that inflates more than ZIP_MAX_RATIO
# times is refused once it is big enough to matter, small XML parts legitimately compress well.
ZIP_MAX_MEMBERS = 5000
ZIP_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
ZIP_MAX_RATIO = 100
ZIP_RATIO_APPLIES_FROM_BYTES = 1024 * 1024
# The manifest parts read to tell the formats apart are small; never read more than this of them.
MANIFEST_READ_LIMIT = 256 * 1024

MAX_NAME_CHARS = 150
MAX_TITLE_CHARS = 255
MAX_URL_CHARS = 2000
# Characters that are not allowed in file names on common systems, replaced by "_".
RESERVED_NAME_CHARACTERS = frozenset('<>:"/\\|?*')


class EvidenceRejected(Exception):
    """A file or link was refused; the message tells the user which one and why."""


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str
    extensions: tuple[str, ...]
    # PDF and images are shown in the browser; Office files are downloaded.
    inline: bool


PDF = FileType("PDF", "application/pdf", ("pdf",), inline=True)
PNG = FileType("PNG", "image/png", ("png",), inline=True)
JPEG = FileType("JPEG", "image/jpeg", ("jpg", "jpeg"), inline=True)
DOCX = FileType(
    "DOCX",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ("docx",),
    inline=False,
)
XLSX = FileType(
    "XLSX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ("xlsx",),
    inline=False,
)
ODT = FileType("ODT", "application/vnd.oasis.opendocument.text", ("odt",), inline=False)
ODS = FileType("ODS", "application/vnd.oasis.opendocument.spreadsheet", ("ods",), inline=False)
FILE_TYPES = (PDF, DOCX, XLSX, ODT, ODS, JPEG, PNG)
ACCEPTED_EXTENSIONS = tuple(extension for kind in FILE_TYPES for extension in kind.extensions)
INLINE_CONTENT_TYPES = frozenset(kind.content_type for kind in FILE_TYPES if kind.inline)

# OOXML packages name their main part's content type in [Content_Types].xml.
OOXML_MAIN_PARTS = (
    (DOCX, "word/", b"wordprocessingml.document.main+xml"),
    (XLSX, "xl/", b"spreadsheetml.sheet.main+xml"),
)
ODF_MIMETYPES = {ODT.content_type.encode(): ODT, ODS.content_type.encode(): ODS}


def max_upload_bytes() -> int:
    return getattr(settings, "EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES)


def accepted_types_text() -> str:
    return ", ".join(kind.label for kind in FILE_TYPES)


# ---------------------------------------------------------------------------------------------
# File names


def sanitise_file_name(raw_name: str) -> str:
    """A safe display name: no folders, control or reserved characters, bounded length.

    Vietnamese letters are kept (normalised to their composed form); the extension is kept and
    lower-cased so that it can be compared with the detected type.
    """
    name = unicodedata.normalize("NFC", raw_name or "")
    name = re.split(r"[\\/]", name)[-1]
    characters = []
    for character in name:
        if character.isspace():
            characters.append(" ")
        elif unicodedata.category(character).startswith("C"):
            # Control and format characters, e.g. the right-to-left override (U+202E) that
            # makes a name ending in "fdp.exe" display as one ending in "exe.pdf".
            continue
        elif character in RESERVED_NAME_CHARACTERS:
            characters.append("_")
        else:
            characters.append(character)
    # Trailing dots and spaces are dropped by Windows; leading ones would hide the file.
    name = " ".join("".join(characters).split()).rstrip(" .")
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    stem = stem.strip(" .")
    extension = extension.strip().lower()
    room = MAX_NAME_CHARS - (len(extension) + 1 if extension else 0)
    stem = stem[:room].rstrip(" .") or "file"
    return f"{stem}.{extension}" if extension else stem


def extension_of(name: str) -> str:
    stem, dot, extension = name.rpartition(".")
    return extension.lower() if dot and stem else ""


# ---------------------------------------------------------------------------------------------
# Content checks


def _read_head(uploaded_file, size: int = 16) -> bytes:
    uploaded_file.seek(0)
    head = uploaded_file.read(size)
    uploaded_file.seek(0)
    return head


def _refused_content_hint(head: bytes) -> str:
    """A hint for content we know and refuse, to make the message actionable."""
    if head.startswith(b"MZ"):
        return _("It is a Windows program.")
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _(
            "It is an old Office document (.doc, .xls) or a password-protected one; save it "
            "as DOCX, XLSX or PDF without a password."
        )
    return ""


def _check_archive_limits(archive: zipfile.ZipFile, name: str) -> None:
    members = archive.infolist()
    if len(members) > ZIP_MAX_MEMBERS:
        raise EvidenceRejected(
            _(
                "“%(name)s” is refused: the document has too many parts (%(count)s, at most "
                "%(limit)s)."
            )
            % {"name": name, "count": len(members), "limit": ZIP_MAX_MEMBERS}
        )
    total = sum(member.file_size for member in members)
    if total > ZIP_MAX_UNCOMPRESSED_BYTES:
        raise EvidenceRejected(
            _("“%(name)s” is refused: unpacked it would take %(size)s (at most %(limit)s).")
            % {
                "name": name,
                "size": filesizeformat(total),
                "limit": filesizeformat(ZIP_MAX_UNCOMPRESSED_BYTES),
            }
        )
    for member in members:
        if member.file_size < ZIP_RATIO_APPLIES_FROM_BYTES:
            continue
        if member.file_size > ZIP_MAX_RATIO * max(member.compress_size, 1):
            raise EvidenceRejected(
                _(
                    "“%(name)s” is refused: one of its parts is compressed abnormally (it inflates "
                    "more than %(ratio)s times), as in files built to overload computers."
                )
                % {"name": name, "ratio": ZIP_MAX_RATIO}
            )


def _read_member(archive: zipfile.ZipFile, member_name: str) -> bytes:
    with archive.open(member_name) as member:
        return member.read(MANIFEST_READ_LIMIT)


def _detect_archive_type(uploaded_file, name: str) -> FileType | None:
    """DOCX, XLSX, ODT or ODS by the archive's manifest; None for any other ZIP file."""
    uploaded_file.seek(0)
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            _check_archive_limits(archive, name)
            names = set(archive.namelist())
            if "mimetype" in names and "content.xml" in names:
                return ODF_MIMETYPES.get(_read_member(archive, "mimetype").strip())
            if "[Content_Types].xml" in names:
                manifest = _read_member(archive, "[Content_Types].xml").lower()
                for kind, folder, main_part in OOXML_MAIN_PARTS:
                    has_folder = any(item.startswith(folder) for item in names)
                    if has_folder and main_part in manifest:
                        return kind
            return None
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        NotImplementedError,
        RuntimeError,
    ) as error:
        # RuntimeError: an encrypted member; NotImplementedError: an unknown compression.
        raise EvidenceRejected(
            _("“%(name)s” is refused: the document is damaged or cannot be read.") % {"name": name}
        ) from error
    finally:
        uploaded_file.seek(0)


def detect_file_type(uploaded_file, name: str) -> FileType | None:
    """The accepted type the content is, by its bytes; None when it is none of them."""
    head = _read_head(uploaded_file)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _detect_archive_type(uploaded_file, name)
    return None


@dataclass(frozen=True)
class CheckedFile:
    name: str
    file_type: FileType
    size: int


def _sizes_that_differ(size: int, limit: int) -> tuple[str, str]:
    """The two sizes as people read them ("20,5 MB"), or in bytes when rounding would show the
    same number for both: "20,0 MB; the limit is 20,0 MB" would not say what is wrong."""
    shown_size, shown_limit = filesizeformat(size), filesizeformat(limit)
    if shown_size != shown_limit:
        return shown_size, shown_limit

    def in_bytes(count: int) -> str:
        return ngettext("%(count)s byte", "%(count)s bytes", count) % {
            "count": format_number(count)
        }

    return in_bytes(size), in_bytes(limit)


def check_upload(uploaded_file) -> CheckedFile:
    """Refuse (EvidenceRejected) what is empty, too big, not an accepted type, or named for
    another type than its content. The size is checked before any content is read."""
    name = sanitise_file_name(uploaded_file.name)
    size = uploaded_file.size or 0
    if size == 0:
        raise EvidenceRejected(_("“%(name)s” is empty.") % {"name": name})
    limit = max_upload_bytes()
    if size > limit:
        shown_size, shown_limit = _sizes_that_differ(size, limit)
        raise EvidenceRejected(
            _("“%(name)s” is too big: %(size)s; the limit is %(limit)s.")
            % {"name": name, "size": shown_size, "limit": shown_limit}
        )
    extension = extension_of(name)
    if extension not in ACCEPTED_EXTENSIONS:
        raise EvidenceRejected(
            _("“%(name)s” is not an accepted type of file. Accepted: %(types)s.")
            % {"name": name, "types": accepted_types_text()}
        )
    detected = detect_file_type(uploaded_file, name)
    if detected is None:
        claimed = next(kind for kind in FILE_TYPES if extension in kind.extensions)
        message = _(
            "“%(name)s” is refused: the name ends in .%(extension)s but the content is "
            "not in the %(type)s format."
        ) % {"name": name, "extension": extension, "type": claimed.label}
        hint = _refused_content_hint(_read_head(uploaded_file))
        raise EvidenceRejected(f"{message} {hint}".strip())
    if extension not in detected.extensions:
        raise EvidenceRejected(
            _(
                "“%(name)s” is refused: the content is in the %(type)s format but the name ends "
                "in .%(extension)s. Rename it to .%(expected)s and attach it again."
            )
            % {
                "name": name,
                "type": detected.label,
                "extension": extension,
                "expected": detected.extensions[0],
            }
        )
    return CheckedFile(name=name, file_type=detected, size=size)


def check_title(title: str) -> str:
    title = " ".join((title or "").split())
    if len(title) > MAX_TITLE_CHARS:
        raise EvidenceRejected(
            _("The title is too long: at most %(limit)s characters.") % {"limit": MAX_TITLE_CHARS}
        )
    return title


def check_link(url: str) -> str:
    """An http(s) address; anything else (javascript:, data:, file: …) is refused."""
    url = (url or "").strip()
    shown = url if len(url) <= 80 else f"{url[:80]}…"
    if len(url) > MAX_URL_CHARS:
        raise EvidenceRejected(
            _("The link is too long: at most %(limit)s characters.") % {"limit": MAX_URL_CHARS}
        )
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as error:
        raise EvidenceRejected(
            _(
                "“%(url)s” is not accepted as a link: give a web address that starts with http:// "
                "or https://."
            )
            % {"url": shown}
        ) from error
    return url


# ---------------------------------------------------------------------------------------------
# Storage


def evidence_storage():
    """Looked up on each use so that a changed STORAGES setting (tests) takes effect."""
    return storages["default"]


def storage_key(sha256: str) -> str:
    return f"evidence/{sha256[:2]}/{sha256[2:4]}/{sha256}"


def content_sha256(uploaded_file) -> str:
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    return digest.hexdigest()


def _store_content(uploaded_file, sha256: str) -> str:
    """Write the content under its hash unless it is already there; return the key.

    Written before the database rows: if the transaction then fails, an unreferenced object is
    left, which the next upload of the same content reuses.
    """
    storage = evidence_storage()
    key = storage_key(sha256)
    if not storage.exists(key):
        saved_as = storage.save(key, uploaded_file)
        if saved_as != key:
            # Someone stored the same content in the meantime; storage gave ours another name.
            storage.delete(saved_as)
    return key


def open_stored_file(stored_file: StoredFile):
    return evidence_storage().open(stored_file.storage_name, "rb")


# ---------------------------------------------------------------------------------------------
# Actions


def check_stage_editable(assessment: Assessment, stage: str, by) -> None:
    """May ``by`` add or remove evidence of ``stage`` now? Self-assessment evidence follows the
    self-assessment window; explanation evidence the explanation window."""
    if stage == EvidenceStage.EXPLANATION:
        from dti.appraisals.services import AppraisalError, check_explanation_editable

        try:
            check_explanation_editable(assessment, by)
        except AppraisalError as closed:
            raise EditingClosed(str(closed)) from None
    else:
        check_editable(assessment, by)


def _lock_editable_assessment(assessment_id: int, by, stage: str) -> Assessment:
    """The assessment, locked against a concurrent submission, if ``by`` may edit it now."""
    assessment = (
        Assessment.objects.select_for_update().select_related("campaign").get(pk=assessment_id)
    )
    check_stage_editable(assessment, stage, by)
    return assessment


def _evidence_changed(assessment: Assessment, stage: str, by) -> None:
    """The self-assessment's evidence changed: its "ready for sign-off" mark no longer holds."""
    if stage == EvidenceStage.SELF_ASSESSMENT:
        clear_ready_mark(assessment, by)


def describe_evidence(evidence: Evidence) -> dict[str, Any]:
    """What the audit trail keeps of an evidence item."""
    description: dict[str, Any] = {
        "kind": evidence.kind,
        "indicator": evidence.response.indicator.code if evidence.response_id else None,
        "title": evidence.title,
        "stage": evidence.stage,
    }
    if evidence.kind == EvidenceKind.LINK:
        description["url"] = evidence.url
    else:
        stored = evidence.stored_file
        description.update(
            name=evidence.original_name,
            sha256=stored.sha256,
            size=stored.size,
            content_type=stored.content_type,
        )
    return description


def add_file_evidence(
    response: Response, uploaded_file, title: str, by, stage: str = EvidenceStage.SELF_ASSESSMENT
) -> Evidence:
    """Attach an uploaded file to ``response``; EvidenceRejected says why a file is refused.

    EditingClosed when the assessment is submitted or past its deadline (for explanation
    evidence: outside the explanation window); PermissionDenied for a user who may not edit it.
    """
    # Checked first so that nothing is read or stored for a closed assessment.
    check_stage_editable(response.assessment, stage, by)
    checked = check_upload(uploaded_file)
    title = check_title(title)
    sha256 = content_sha256(uploaded_file)
    key = _store_content(uploaded_file, sha256)
    with transaction.atomic():
        assessment = _lock_editable_assessment(response.assessment_id, by, stage)
        stored_file, _created = StoredFile.objects.get_or_create(
            sha256=sha256,
            defaults={
                "size": checked.size,
                "content_type": checked.file_type.content_type,
                "storage_name": key,
            },
        )
        evidence = Evidence.objects.create(
            assessment=assessment,
            response=response,
            kind=EvidenceKind.FILE,
            stage=stage,
            stored_file=stored_file,
            original_name=checked.name,
            title=title,
            uploaded_by=by,
        )
        record(by, "evidence.add", evidence, after=describe_evidence(evidence))
        _evidence_changed(assessment, stage, by)
    return evidence


def add_link_evidence(
    response: Response, url: str, title: str, by, stage: str = EvidenceStage.SELF_ASSESSMENT
) -> Evidence:
    """Attach an http(s) link to ``response``; EvidenceRejected for any other address."""
    url = check_link(url)
    title = check_title(title)
    with transaction.atomic():
        assessment = _lock_editable_assessment(response.assessment_id, by, stage)
        evidence = Evidence.objects.create(
            assessment=assessment,
            response=response,
            kind=EvidenceKind.LINK,
            stage=stage,
            url=url,
            title=title,
            uploaded_by=by,
        )
        record(by, "evidence.add", evidence, after=describe_evidence(evidence))
        _evidence_changed(assessment, stage, by)
    return evidence


def delete_evidence(evidence: Evidence, by) -> None:
    """Remove an evidence item while the assessment may still be edited (before submission).

    The stored content stays: other evidence may share it and the audit trail names its hash.
    """
    with transaction.atomic():
        assessment = _lock_editable_assessment(evidence.assessment_id, by, evidence.stage)
        record(by, "evidence.delete", evidence, before=describe_evidence(evidence))
        evidence.delete()
        _evidence_changed(assessment, evidence.stage, by)
