"""`manage.py backup` and `manage.py restore` as an operator runs them."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from .helpers import build_dataset, data_rows, every_row, manifest_of, stored_bytes, wipe

pytestmark = pytest.mark.django_db(transaction=True)

DEFAULT_NAME = re.compile(r"dti-backup-\d{8}-\d{6}\.zip")


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_backup_writes_a_dated_archive_in_the_current_folder(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)

    output, _errors = run("backup")

    written = [path for path in tmp_path.iterdir() if path.is_file()]
    assert len(written) == 1
    assert DEFAULT_NAME.fullmatch(written[0].name)
    assert f"Wrote {written[0]}" in output
    assert manifest_of(written[0])["format"] == "dti-backup"


def test_backup_writes_a_dated_archive_into_a_given_folder(archive_folder):
    run("backup", "--output", str(archive_folder))

    written = list(archive_folder.iterdir())
    assert len(written) == 1
    assert DEFAULT_NAME.fullmatch(written[0].name)


def test_backup_writes_the_given_file_and_warns_of_missing_files(
    monkeypatch, media, archive_folder
):
    dataset = build_dataset(monkeypatch)
    name = dataset.evidence.stored_file.storage_name
    (media / name).unlink()
    archive = archive_folder / "nightly.zip"

    output, errors = run("backup", "--output", str(archive))

    assert archive.is_file()
    assert "1 files" in output
    assert f"{name} is referenced by the data but missing from the storage" in errors


def test_restore_with_yes_restores_and_prints_what_was_verified(monkeypatch, media, archive_folder):
    build_dataset(monkeypatch)
    rows_before = every_row()
    files_before = stored_bytes(media)
    archive = archive_folder / "backup.zip"
    run("backup", "--output", str(archive))
    wipe(media)

    output, _errors = run("restore", str(archive), "--yes")

    assert "match the manifest" in output
    assert "Restored and verified" in output
    assert "2 files (2 written, 0 already in the storage)" in output
    assert every_row() == rows_before
    assert stored_bytes(media) == files_before


def test_restore_asks_first_and_an_answer_other_than_yes_changes_nothing(
    monkeypatch, media, archive_folder
):
    build_dataset(monkeypatch)
    archive = archive_folder / "backup.zip"
    run("backup", "--output", str(archive))
    wipe(media)
    questions = []
    monkeypatch.setattr("builtins.input", lambda prompt: questions.append(prompt) or "no")

    with pytest.raises(CommandError, match="Restore cancelled; nothing was changed"):
        run("restore", str(archive))

    assert len(questions) == 1
    assert set(data_rows().values()) == {0}
    assert stored_bytes(media) == {}


def test_restore_refusal_lists_every_problem(monkeypatch, archive_folder):
    build_dataset(monkeypatch)
    archive = archive_folder / "backup.zip"
    run("backup", "--output", str(archive))

    with pytest.raises(CommandError) as refused:
        run("restore", str(archive), "--yes")

    lines = str(refused.value).splitlines()
    assert lines[0] == "Restore refused; nothing was changed:"
    assert any(line.startswith("The database is not empty: agencies.user") for line in lines)
    assert any("results.result" in line for line in lines)
