"""`restore` refuses an archive that does not match its manifest, a database that is not empty
or at other migrations, and a storage holding other content — naming what is wrong, and
changing nothing."""

import hashlib

import pytest
from django.core.management import call_command

from dti.backup.archive import RestoreRefused, check_restore, restore_backup, write_backup

from .helpers import (
    build_dataset,
    data_rows,
    edit_manifest,
    every_row,
    rewrite_archive,
    stored_bytes,
    wipe,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def backed_up(monkeypatch, media, archive_folder):
    """The dataset's archive, with the database and the storage wiped."""
    dataset = build_dataset(monkeypatch)
    archive = archive_folder / "backup.zip"
    write_backup(archive)
    wipe(media)
    dataset.archive = archive
    return dataset


def refusal(archive) -> str:
    with pytest.raises(RestoreRefused) as refused:
        check_restore(archive)
    return str(refused.value)


def assert_nothing_restored(media) -> None:
    assert set(data_rows().values()) == {0}
    assert stored_bytes(media) == {}


def test_a_changed_file_is_refused_and_named(backed_up, media):
    name = backed_up.evidence.stored_file.storage_name
    rewrite_archive(backed_up.archive, {f"files/{name}": b"%PDF-1.4 another document"})

    message = refusal(backed_up.archive)

    assert f"files/{name} was altered" in message
    assert_nothing_restored(media)


def test_a_file_missing_from_the_archive_is_refused_and_named(backed_up, media):
    name = backed_up.job.result_storage_name
    rewrite_archive(backed_up.archive, {f"files/{name}": None})

    assert f"files/{name} is missing from the archive" in refusal(backed_up.archive)
    assert_nothing_restored(media)


def test_a_hash_in_the_manifest_that_does_not_match_the_data_is_refused(backed_up, media):
    def change_hash(manifest):
        entry = next(item for item in manifest["models"] if item["model"] == "results.result")
        entry["sha256"] = hashlib.sha256(b"something else").hexdigest()

    edit_manifest(backed_up.archive, change_hash)

    assert "data/results.result.jsonl was altered" in refusal(backed_up.archive)
    assert_nothing_restored(media)


def test_a_row_count_in_the_manifest_that_does_not_match_the_data_is_refused(backed_up, media):
    def change_count(manifest):
        entry = next(item for item in manifest["models"] if item["model"] == "audit.auditevent")
        entry["rows"] -= 1

    edit_manifest(backed_up.archive, change_count)

    assert "data/audit.auditevent.jsonl holds" in refusal(backed_up.archive)
    assert_nothing_restored(media)


def test_an_archive_made_at_other_migrations_is_refused(backed_up, media):
    def change_migrations(manifest):
        manifest["migrations"]["assessments"] = ["0099_from_the_future"]

    edit_manifest(backed_up.archive, change_migrations)

    message = refusal(backed_up.archive)

    assert "Migrations of assessments differ" in message
    assert "0099_from_the_future" in message
    assert_nothing_restored(media)


def test_a_file_that_is_not_an_archive_is_refused(archive_folder):
    not_an_archive = archive_folder / "notes.zip"
    not_an_archive.write_text("not a zip file")

    assert "cannot be read as a ZIP archive" in refusal(not_an_archive)


def test_restore_into_a_database_with_data_is_refused_and_changes_nothing(
    monkeypatch, media, archive_folder
):
    build_dataset(monkeypatch)
    archive = archive_folder / "backup.zip"
    write_backup(archive)
    rows_before = every_row()
    files_before = stored_bytes(media)

    message = refusal(archive)

    assert "The database is not empty: agencies.agency (table agencies_agency)" in message
    assert "audit.auditevent" in message
    assert every_row() == rows_before
    assert stored_bytes(media) == files_before


def test_data_written_after_the_check_stops_the_restore_and_changes_nothing(backed_up, media):
    plan = check_restore(backed_up.archive)
    call_command("load_agencies", "frameworks/agencies-2025.csv", verbosity=0)
    rows_before = every_row()

    with pytest.raises(RestoreRefused) as refused:
        restore_backup(plan)

    assert "agencies.agency" in str(refused.value)
    assert every_row() == rows_before
    assert stored_bytes(media) == {}


def test_a_storage_holding_other_content_under_an_archived_name_is_refused(backed_up, media):
    name = backed_up.evidence.stored_file.storage_name
    (media / name).parent.mkdir(parents=True)
    (media / name).write_bytes(b"other content")

    assert f"different file named {name}" in refusal(backed_up.archive)
    assert set(data_rows().values()) == {0}
    assert stored_bytes(media) == {name: b"other content"}


def test_an_archive_without_the_data_of_a_model_is_refused(backed_up, media):
    def drop_results(manifest):
        manifest["models"] = [
            item for item in manifest["models"] if item["model"] != "results.result"
        ]

    edit_manifest(backed_up.archive, drop_results)

    assert "The archive has no data for results.result" in refusal(backed_up.archive)
    assert_nothing_restored(media)
