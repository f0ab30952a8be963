"""`restore` refuses an archive whose file names would leave the storage — a name going up with
"..", an absolute name, a name with a backslash (a folder separator elsewhere) — before it
changes anything: no row loaded, no file written, inside the storage or outside it.

Each archive is otherwise sound: its data names the same file, and every hash and count of the
manifest matches, as a hand-made archive would; only the name is wrong.
"""

from __future__ import annotations

import hashlib
import json
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import CommandError, call_command

from dti.agencies.models import Role
from dti.assessments.models import StoredFile
from dti.backup.archive import write_backup
from tests.assessments.evidence_helpers import MINIMAL_PDF
from tests.factories import make_user

from .helpers import data_rows, manifest_of, members, rewrite_archive, stored_bytes, wipe

pytestmark = pytest.mark.django_db(transaction=True)

STORED_AS = "evidence/bien-ban.pdf"
DATA_MEMBER = "data/assessments.storedfile.jsonl"


def unsafe_names(tmp_path) -> dict[str, str]:
    """The media folder is tmp_path / "media": each name points at tmp_path / "outside.pdf"."""
    return {
        "up": "../outside.pdf",
        "absolute": str(tmp_path / "outside.pdf"),
        "backslash": "..\\outside.pdf",
    }


@pytest.fixture
def archive(media, archive_folder):
    """A backup of one account and one stored file, with the database and storage wiped."""
    make_user(Role.COORDINATOR)
    name = storages["default"].save(STORED_AS, ContentFile(MINIMAL_PDF))
    StoredFile.objects.create(
        sha256=hashlib.sha256(MINIMAL_PDF).hexdigest(),
        size=len(MINIMAL_PDF),
        content_type="application/pdf",
        storage_name=name,
    )
    path = archive_folder / "backup.zip"
    write_backup(path)
    wipe(media)
    return path


def rename_file(path, old: str, new: str) -> None:
    """Rename a stored file everywhere in the archive: its member, the row naming it, and the
    manifest's entries, with the hashes recomputed."""
    content = members(path)
    rows = content[DATA_MEMBER].decode()
    assert json.dumps(old) in rows
    rows = rows.replace(json.dumps(old), json.dumps(new)).encode()
    manifest = manifest_of(path)
    for entry in manifest["models"]:
        if entry["model"] == "assessments.storedfile":
            entry["sha256"] = hashlib.sha256(rows).hexdigest()
    for entry in manifest["files"]:
        if entry["name"] == old:
            entry["name"] = new
    rewrite_archive(
        path,
        {
            DATA_MEMBER: rows,
            f"files/{old}": None,
            f"files/{new}": content[f"files/{old}"],
            "manifest.json": json.dumps(manifest).encode(),
        },
    )


@pytest.mark.parametrize("kind", ["up", "absolute", "backslash"])
def test_a_file_name_that_would_leave_the_storage_is_refused_before_anything_changes(
    archive, media, tmp_path, kind
):
    name = unsafe_names(tmp_path)[kind]
    rename_file(archive, STORED_AS, name)

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(archive), "--yes")

    message = str(refused.value)
    assert message.startswith("Restore refused; nothing was changed:")
    assert f"File name “{name}” is not allowed." in message
    assert set(data_rows().values()) == {0}
    assert stored_bytes(media) == {}
    assert not (tmp_path / "outside.pdf").exists()
    assert [path.name for path in tmp_path.iterdir()] == ["archives"]


def test_the_same_archive_with_a_safe_new_name_restores(archive, media):
    """The renaming above leaves a sound archive: only the unsafe names are refused."""
    rename_file(archive, STORED_AS, "evidence/renamed.pdf")

    call_command("restore", str(archive), "--yes", stdout=StringIO())

    assert StoredFile.objects.get().storage_name == "evidence/renamed.pdf"
    assert stored_bytes(media) == {"evidence/renamed.pdf": MINIMAL_PDF}
