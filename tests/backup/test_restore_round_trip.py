"""Backup → wipe the database and the storage → restore gives back the same rows and files."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from dti.agencies.models import Agency, Tier
from dti.backup.archive import check_restore, restore_backup, write_backup
from dti.results.models import Result

from .helpers import build_dataset, data_rows, every_row, stored_bytes, wipe

pytestmark = pytest.mark.django_db(transaction=True)


def test_backup_wipe_restore_reproduces_every_row_and_every_file(
    monkeypatch, media, archive_folder
):
    build_dataset(monkeypatch)
    rows_before = every_row()
    files_before = stored_bytes(media)
    archive = archive_folder / "backup.zip"
    write_backup(archive)

    wipe(media)
    assert set(data_rows().values()) == {0}
    assert stored_bytes(media) == {}

    summary = restore_backup(check_restore(archive))

    assert every_row() == rows_before
    assert stored_bytes(media) == files_before
    assert summary.files_written == len(files_before) == 2  # the evidence PDF, the job result


def test_the_restored_data_is_the_real_dataset(monkeypatch, media, archive_folder):
    """Guards the comparison above against passing on an empty or partial dataset."""
    dataset = build_dataset(monkeypatch)
    archive = archive_folder / "backup.zip"
    write_backup(archive)
    wipe(media)
    restore_backup(check_restore(archive))

    counts = data_rows()
    for label in (
        "agencies.user",
        "assessments.response",
        "assessments.evidence",
        "appraisals.appraisal",
        "appraisals.appraisalversion",
        "appraisals.explanation",
        "appraisals.councilopinion",
        "audit.auditevent",
        "results.result",
        "jobs.job",
    ):
        assert counts[label] > 0, label
    sct = Result.objects.get(assessment__agency__code="SCT")
    assert (sct.points, sct.dti_value) == (Decimal("42.50"), Decimal("0.7083"))
    assert sct.indicators["1.1"]["round"] == 2
    coordinator = dataset.cycle.coordinator
    restored = type(coordinator).objects.get(pk=coordinator.pk)
    assert restored.has_perm("audit.view_auditevent")  # through its group
    assert restored.has_perm("agencies.view_agency")  # given directly


def test_rows_created_after_a_restore_get_new_ids(monkeypatch, media, archive_folder):
    build_dataset(monkeypatch)
    highest = Agency.objects.order_by("-pk").first().pk
    archive = archive_folder / "backup.zip"
    write_backup(archive)
    wipe(media)
    restore_backup(check_restore(archive))

    agency = Agency.objects.create(code="SNV", name="Sở Nội vụ", tier=Tier.DEPARTMENT)

    assert agency.pk > highest


def test_files_already_in_the_storage_with_the_same_content_are_kept(
    monkeypatch, media, archive_folder
):
    """A restore that failed after writing files can simply be run again."""
    build_dataset(monkeypatch)
    files_before = stored_bytes(media)
    archive = archive_folder / "backup.zip"
    write_backup(archive)
    wipe(media)
    restore_backup(check_restore(archive))
    rows_restored = every_row()
    call_command("flush", interactive=False, verbosity=0)

    summary = restore_backup(check_restore(archive))

    assert (summary.files_written, summary.files_present) == (0, 2)
    assert every_row() == rows_restored
    assert stored_bytes(media) == files_before
