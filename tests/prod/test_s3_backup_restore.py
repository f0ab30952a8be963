"""Backup → wipe the database and the bucket → restore, with the files in the S3-compatible
store: every row and every object comes back, byte for byte."""

import pytest
from django.core.management import call_command

from dti.backup.archive import RestoreRefused, check_restore, restore_backup, write_backup
from tests.backup.helpers import build_dataset, data_rows, every_row

pytestmark = pytest.mark.django_db(transaction=True)


def objects(bucket) -> dict[str, bytes]:
    return {key: bucket.read(key) for key in bucket.object_keys()}


def test_backup_wipe_restore_gives_back_every_row_and_every_object(
    monkeypatch, s3_bucket, tmp_path
):
    dataset = build_dataset(monkeypatch)
    rows_before = every_row()
    objects_before = objects(s3_bucket)
    assert sorted(objects_before) == sorted(
        [dataset.evidence.stored_file.storage_name, dataset.job.result_storage_name]
    )
    archive = tmp_path / "backup.zip"
    manifest = write_backup(archive)
    assert (len(manifest.files), manifest.missing_files) == (2, [])

    call_command("flush", interactive=False, verbosity=0)
    s3_bucket.empty()
    assert set(data_rows().values()) == {0}

    summary = restore_backup(check_restore(archive))

    assert every_row() == rows_before
    assert objects(s3_bucket) == objects_before
    assert (summary.files_written, summary.files_present) == (2, 0)


def test_a_restore_refuses_a_bucket_holding_other_content_under_the_same_name(
    monkeypatch, s3_bucket, tmp_path
):
    dataset = build_dataset(monkeypatch)
    archive = tmp_path / "backup.zip"
    write_backup(archive)
    call_command("flush", interactive=False, verbosity=0)
    name = dataset.job.result_storage_name
    s3_bucket.client.put_object(Bucket=s3_bucket.name, Key=name, Body=b"something else")

    with pytest.raises(RestoreRefused, match=f"already holds a different file named {name}"):
        check_restore(archive)
