"""What `backup` writes: every model's rows with counts and hashes, every referenced file, the
migration state, and never a partial archive."""

import hashlib
import json
import stat

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils.dateparse import parse_datetime

from dti.backup import archive as backup_archive
from dti.backup.archive import backed_up_models, write_backup
from tests.assessments.evidence_helpers import MINIMAL_PDF

from .helpers import JOB_RESULT, build_dataset, manifest_of, members

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_archive_holds_the_rows_of_every_model_with_their_count_and_hash(
    monkeypatch, archive_folder
):
    build_dataset(monkeypatch)
    archive = archive_folder / "backup.zip"

    write_backup(archive)

    manifest = manifest_of(archive)
    content = members(archive)
    assert [entry["model"] for entry in manifest["models"]] == [
        model._meta.label_lower for model in backed_up_models()
    ]
    for entry, model in zip(manifest["models"], backed_up_models(), strict=True):
        data = content[f"data/{entry['model']}.jsonl"]
        assert entry["rows"] == model._base_manager.count(), entry["model"]
        assert entry["rows"] == len(data.splitlines()), entry["model"]
        assert entry["sha256"] == hashlib.sha256(data).hexdigest(), entry["model"]
    audit = next(entry for entry in manifest["models"] if entry["model"] == "audit.auditevent")
    assert audit["rows"] > 20


def test_sessions_are_not_backed_up(archive_folder):
    session = SessionStore()
    session["user"] = 1
    session.create()
    archive = archive_folder / "backup.zip"

    write_backup(archive)

    labels = [entry["model"] for entry in manifest_of(archive)["models"]]
    assert "sessions.session" not in labels
    assert "agencies.user" in labels
    assert not any(name.startswith("data/sessions.") for name in members(archive))


def test_the_archive_holds_every_referenced_file_with_its_size_and_hash(
    monkeypatch, archive_folder
):
    dataset = build_dataset(monkeypatch)
    archive = archive_folder / "backup.zip"

    write_backup(archive)

    evidence_name = dataset.evidence.stored_file.storage_name
    job_result_name = dataset.job.result_storage_name
    assert job_result_name
    files = {entry["name"]: entry for entry in manifest_of(archive)["files"]}
    assert set(files) == {evidence_name, job_result_name}
    content = members(archive)
    assert content[f"files/{evidence_name}"] == MINIMAL_PDF
    assert content[f"files/{job_result_name}"] == JOB_RESULT
    assert files[evidence_name]["size"] == len(MINIMAL_PDF)
    assert files[evidence_name]["sha256"] == hashlib.sha256(MINIMAL_PDF).hexdigest()


def test_the_manifest_records_the_latest_applied_migration_of_each_app(archive_folder):
    archive = archive_folder / "backup.zip"

    write_backup(archive)

    manifest = manifest_of(archive)
    leaves = MigrationLoader(connection).graph.leaf_nodes()
    assert manifest["migrations"] == {app: [name] for app, name in sorted(leaves)}
    assert manifest["format_version"] == 1
    assert manifest["created_at"]


def test_datetimes_are_kept_to_the_microsecond(monkeypatch, archive_folder):
    dataset = build_dataset(monkeypatch)
    archive = archive_folder / "backup.zip"

    write_backup(archive)

    lines = members(archive)["data/assessments.evidence.jsonl"].decode().splitlines()
    uploaded_at = next(
        json.loads(line)["fields"]["uploaded_at"]
        for line in lines
        if json.loads(line)["pk"] == dataset.evidence.pk
    )
    assert parse_datetime(uploaded_at) == dataset.evidence.uploaded_at


def test_a_failed_backup_leaves_the_previous_archive_and_no_partial_file(
    monkeypatch, archive_folder
):
    build_dataset(monkeypatch)
    archive = archive_folder / "backup.zip"
    archive.write_bytes(b"the previous archive")

    def broken_storage(*args, **kwargs):
        raise OSError("storage unreachable")

    monkeypatch.setattr(backup_archive, "_write_file", broken_storage)
    with pytest.raises(OSError):
        write_backup(archive)

    assert archive.read_bytes() == b"the previous archive"
    assert [path.name for path in archive_folder.iterdir()] == ["backup.zip"]


def test_a_file_missing_from_the_storage_is_listed_and_the_rest_backed_up(
    monkeypatch, media, archive_folder
):
    dataset = build_dataset(monkeypatch)
    evidence_name = dataset.evidence.stored_file.storage_name
    (media / evidence_name).unlink()
    archive = archive_folder / "backup.zip"

    manifest = write_backup(archive)

    assert manifest.missing_files == [evidence_name]
    assert [entry.name for entry in manifest.files] == [dataset.job.result_storage_name]
    assert manifest_of(archive)["missing_files"] == [evidence_name]


def test_the_archive_is_readable_by_its_owner_only(archive_folder):
    """It holds password hashes and every agency's evidence."""
    archive = archive_folder / "backup.zip"

    write_backup(archive)

    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
