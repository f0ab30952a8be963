"""A realistic small platform built through the services, and ways to take its archive apart.

build_dataset(): two agencies walked through both appraisal rounds, the council and the
finalisation (results, appraisal versions, explanations, notifications, audit events), a PDF
attached as explanation evidence, a finished job with its result file, and an account group
holding a permission.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from dti.agencies.models import User
from dti.appraisals.models import Verdict
from dti.appraisals.services import save_explanation, submit_explanations, submit_opinion
from dti.assessments.evidence import add_file_evidence
from dti.assessments.models import Evidence, EvidenceStage
from dti.backup.archive import AUTO_CREATED_MODELS, backed_up_models
from dti.campaigns.models import Phase
from dti.jobs.models import Job
from dti.jobs.registry import JOB_KINDS, JobKind, JobOutput
from dti.jobs.services import enqueue
from tests.appraisals.cycle import Cycle
from tests.appraisals.explanation_helpers import adjust, adjusted_cycle
from tests.assessments.evidence_helpers import MINIMAL_PDF, upload

JOB_KIND = "backup_test.export"
JOB_RESULT = "Kết quả DTI 2025.csv".encode() + b"\nSCT;42,50\nSYT;32,50\n"


@dataclass
class Dataset:
    cycle: Cycle
    evidence: Evidence
    job: Job


def build_dataset(monkeypatch) -> Dataset:
    """Needs real commits (``django_db(transaction=True)``) for the job to run."""
    cycle = adjusted_cycle(Phase.EXPLANATION)
    response = cycle.response("SCT", "1.1")
    staff = cycle.staff["SCT"]
    save_explanation(response, "Bổ sung biên bản 2 cuộc họp tháng 10", staff)
    evidence = add_file_evidence(
        response,
        upload("biên bản bổ sung.pdf", MINIMAL_PDF),
        "Biên bản bổ sung",
        staff,
        stage=EvidenceStage.EXPLANATION,
    )
    submit_explanations(cycle.assessment("SCT"), cycle.leaders["SCT"])
    cycle.close_explanations()  # SYT files nothing: round 2 opens after the deadline
    cycle.move(Phase.APPRAISAL_2)
    adjust(cycle, "SCT", "1.1", {"meetings": "3"}, "Chấp nhận một phần giải trình", 2)
    cycle.move(Phase.COUNCIL)
    submit_opinion(cycle.campaign, verdict=Verdict.AGREE, comments="", by=cycle.council[0])
    submit_opinion(
        cycle.campaign,
        verdict=Verdict.AGREE_WITH_COMMENTS,
        comments="Đề nghị rà soát chỉ số 2.1",
        by=cycle.council[1],
    )
    cycle.move(Phase.FINALIZED)
    _give_group(cycle.coordinator)
    return Dataset(
        cycle=cycle, evidence=evidence, job=_finished_job(monkeypatch, cycle.coordinator)
    )


def _give_group(user: User) -> None:
    """A group with a permission: rows that refer to content types and permissions by id."""
    group = Group.objects.create(name="Kiểm tra dữ liệu")
    group.permissions.add(Permission.objects.get(codename="view_auditevent"))
    user.groups.add(group)
    user.user_permissions.add(Permission.objects.get(codename="view_agency"))


def _finished_job(monkeypatch, by: User) -> Job:
    def export(job, report):
        return JobOutput("Kết quả DTI 2025.csv", JOB_RESULT, "text/csv")

    monkeypatch.setitem(JOB_KINDS, JOB_KIND, JobKind(JOB_KIND, "framework.view", export))
    # Inline jobs run at commit: at once in the tests with real commits (transaction=True) this
    # dataset is built for.
    job = enqueue(JOB_KIND, {"year": 2025}, by)
    job.refresh_from_db()
    return job


def every_row() -> dict[str, list]:
    """Every backed-up row as a dict, per model, and every many-to-many link."""
    rows: dict[str, list] = {}
    for model in backed_up_models():
        rows[model._meta.label_lower] = list(model._base_manager.order_by("pk").values())
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            if through._meta.auto_created:
                # Links get new ids when restored; what matters is which rows they join.
                links = through._base_manager.values_list(
                    field.m2m_column_name(), field.m2m_reverse_name()
                )
                rows[through._meta.label_lower] = sorted(links)
    return rows


def data_rows() -> dict[str, int]:
    """Rows per model that count as data (not the content types and permissions that
    ``migrate`` creates)."""
    return {
        model._meta.label_lower: model._base_manager.count()
        for model in backed_up_models()
        if model._meta.label_lower not in AUTO_CREATED_MODELS
    }


def wipe(media: Path) -> None:
    """Empty the database (flush recreates content types and permissions) and the storage."""
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media, ignore_errors=True)


def stored_bytes(media: Path) -> dict[str, bytes]:
    return {
        path.relative_to(media).as_posix(): path.read_bytes()
        for path in sorted(media.rglob("*"))
        if path.is_file()
    }


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def manifest_of(path: Path) -> dict:
    return json.loads(members(path)["manifest.json"])


def rewrite_archive(path: Path, changes: dict[str, bytes | None]) -> None:
    """Rewrite the archive with some members replaced (or removed, for None), as someone
    editing it by hand would; the ZIP checksums are then valid for the new content."""
    content = members(path) | changes
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in content.items():
            if data is not None:
                archive.writestr(name, data)


def edit_manifest(path: Path, change) -> None:
    manifest = manifest_of(path)
    change(manifest)
    rewrite_archive(path, {"manifest.json": json.dumps(manifest).encode()})
