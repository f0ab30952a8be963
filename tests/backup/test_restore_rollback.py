"""A restore that fails half-way leaves the database as it was: everything is loaded in one
transaction that commits only after the files are written and verified."""

import pytest
from django.core.files.storage import FileSystemStorage

from dti.backup import archive as backup_archive
from dti.backup.archive import RestoreFailed, check_restore, restore_backup, write_backup

from .helpers import build_dataset, data_rows, wipe

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_storage_failure_while_writing_files_leaves_the_database_empty(
    monkeypatch, media, archive_folder
):
    dataset = build_dataset(monkeypatch)
    archive = archive_folder / "backup.zip"
    write_backup(archive)
    wipe(media)
    plan = check_restore(archive)

    def full_disk(storage, name, content):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", full_disk)
    with pytest.raises(RestoreFailed) as failed:
        restore_backup(plan)

    assert "cannot be written to the storage: [Errno 28] No space left on device" in str(
        failed.value
    )
    assert dataset.evidence.stored_file.storage_name in str(failed.value)
    assert set(data_rows().values()) == {0}


def test_after_a_failed_restore_the_same_archive_can_be_restored(
    monkeypatch, media, archive_folder
):
    build_dataset(monkeypatch)
    archive = archive_folder / "backup.zip"
    write_backup(archive)
    rows = data_rows()
    wipe(media)
    original_save = FileSystemStorage._save
    saved = []

    def fail_on_second_file(storage, name, content):
        if saved:
            raise OSError(5, "Input/output error")
        saved.append(name)
        return original_save(storage, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", fail_on_second_file)
    with pytest.raises(RestoreFailed):
        restore_backup(check_restore(archive))
    monkeypatch.setattr(FileSystemStorage, "_save", original_save)

    summary = restore_backup(check_restore(archive))

    assert (summary.files_written, summary.files_present) == (1, 1)
    assert data_rows() == rows


def test_only_a_restore_that_committed_refreshes_the_planner_statistics(
    monkeypatch, media, archive_folder
):
    build_dataset(monkeypatch)
    archive = archive_folder / "backup.zip"
    write_backup(archive)
    wipe(media)
    refreshed = []
    monkeypatch.setattr(backup_archive, "refresh_planner_statistics", refreshed.append)
    original_save = FileSystemStorage._save

    def full_disk(storage, name, content):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", full_disk)
    with pytest.raises(RestoreFailed):
        restore_backup(check_restore(archive))
    assert refreshed == []

    monkeypatch.setattr(FileSystemStorage, "_save", original_save)
    restore_backup(check_restore(archive))
    assert refreshed == ["default"]
