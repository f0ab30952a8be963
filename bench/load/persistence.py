"""After the load: is every save the platform acknowledged really in the database?

A save counts as acknowledged when the platform answered it as saved (see the locustfile).
For each one this module looks for what the save must have left behind:

- an indicator save: the audit event of that save (same user, same unique note, same values)
  and, for the save that came last on its indicator, the response row holding its values;
- an evidence upload: the evidence row (same user, indicator and unique title) pointing to a
  stored file with the same SHA-256, and that file present in the storage;
- an appraisal decision: the version record it wrote (the version after the one the form was
  opened at, by the same user, with the same decision, values and reason) and, for the last
  decision on an item, the appraisal row in that state.

A save that was sent but not acknowledged (e.g. cut off when the load stopped) may or may not
be stored; it is only allowed to be the state a response or appraisal ends in. Runs in the
driver after ``django.setup()``, against the load-test database.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from dti.appraisals.models import Appraisal, AppraisalVersion
from dti.assessments.evidence import evidence_storage
from dti.assessments.models import Evidence, EvidenceKind, Response
from dti.audit.models import AuditEvent

from .plan import DECISION, EVIDENCE, RESPONSE, SentSave


@dataclass
class PersistenceReport:
    acknowledged: dict[str, int] = field(default_factory=dict)  # kind → saves checked
    unacknowledged: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems


def check_persistence(saves: list[SentSave]) -> PersistenceReport:
    """Every acknowledged save of ``saves`` (in the order they were sent) against the database."""
    report = PersistenceReport(
        acknowledged={
            kind: sum(1 for save in saves if save.kind == kind and save.acknowledged)
            for kind in (RESPONSE, EVIDENCE, DECISION)
        },
        unacknowledged=sum(1 for save in saves if not save.acknowledged),
    )
    report.problems += _check_responses([save for save in saves if save.kind == RESPONSE])
    report.problems += _check_evidence([save for save in saves if save.kind == EVIDENCE])
    report.problems += _check_decisions([save for save in saves if save.kind == DECISION])
    return report


def _latest_states(saves: list[SentSave], key) -> dict:
    """Per object: the saves its stored state may come from — the last acknowledged one and
    any sent after it without an answer. Objects without an acknowledged save are left out."""
    by_object: dict = defaultdict(list)
    for save in saves:
        by_object[key(save)].append(save)
    allowed = {}
    for item, sent in by_object.items():
        acknowledged = [index for index, save in enumerate(sent) if save.acknowledged]
        if acknowledged:
            allowed[item] = sent[acknowledged[-1] :]
    return allowed


def _describe_response(save: SentSave) -> str:
    return (
        f"indicator save by {save.username} on assessment {save.assessment} indicator "
        f"{save.indicator} (note {save.note!r})"
    )


def _check_responses(saves: list[SentSave]) -> list[str]:
    problems = []
    responses = {
        (response.assessment_id, response.indicator.code): response
        for response in Response.objects.filter(
            assessment_id__in={save.assessment for save in saves}
        ).select_related("indicator")
    }
    audited = {
        (int(object_id), username, (after or {}).get("note")): after
        for object_id, username, after in AuditEvent.objects.filter(
            action="response.save",
            object_type="assessments.response",
            object_id__in=[str(response.pk) for response in responses.values()],
        ).values_list("object_id", "actor__username", "after")
    }
    for save in saves:
        if not save.acknowledged:
            continue
        response = responses.get((save.assessment, save.indicator))
        if response is None:
            problems.append(f"{_describe_response(save)}: no such response in the database")
            continue
        after = audited.get((response.pk, save.username, save.note))
        if after is None:
            problems.append(f"{_describe_response(save)}: acknowledged but not stored")
        elif (after.get("values"), after.get("not_applicable")) != (
            save.values,
            save.not_applicable,
        ):
            problems.append(
                f"{_describe_response(save)}: stored {after.get('values')}, "
                f"not_applicable={after.get('not_applicable')}; sent {save.values}, "
                f"not_applicable={save.not_applicable}"
            )
    for (assessment, code), allowed in _latest_states(
        saves, lambda save: (save.assessment, save.indicator)
    ).items():
        response = responses.get((assessment, code))
        if response is None:
            continue
        stored = (response.values, response.not_applicable, response.note)
        if stored not in [(save.values, save.not_applicable, save.note) for save in allowed]:
            problems.append(
                f"{_describe_response(allowed[0])}: the response now holds {response.values} "
                f"(note {response.note!r}), not the last acknowledged save"
            )
    return problems


def _check_evidence(saves: list[SentSave]) -> list[str]:
    problems = []
    storage = evidence_storage()
    for save in saves:
        if not save.acknowledged:
            continue
        described = (
            f"evidence {save.file_name!r} uploaded by {save.username} to assessment "
            f"{save.assessment} indicator {save.indicator}"
        )
        found = list(
            Evidence.objects.filter(
                assessment_id=save.assessment,
                response__indicator__code=save.indicator,
                kind=EvidenceKind.FILE,
                title=save.title,
                uploaded_by__username=save.username,
            ).select_related("stored_file")
        )
        if len(found) != 1:
            problems.append(f"{described}: {len(found)} evidence rows titled {save.title!r}")
            continue
        stored_file = found[0].stored_file
        if stored_file.sha256 != save.sha256:
            problems.append(f"{described}: stored content {stored_file.sha256}, sent {save.sha256}")
        elif not storage.exists(stored_file.storage_name):
            problems.append(f"{described}: the file {stored_file.storage_name} is not in storage")
    return problems


def _describe_decision(save: SentSave) -> str:
    return (
        f"decision {save.decision} by {save.username} on appraisal {save.appraisal} "
        f"(opened at version {save.expected_version})"
    )


def _check_decisions(saves: list[SentSave]) -> list[str]:
    problems = []
    versions = {
        (version.appraisal_id, version.version): version
        for version in AppraisalVersion.objects.filter(
            appraisal_id__in={save.appraisal for save in saves}
        ).select_related("changed_by")
    }
    for save in saves:
        if not save.acknowledged:
            continue
        version = versions.get((save.appraisal, save.expected_version + 1))
        if version is None:
            problems.append(f"{_describe_decision(save)}: acknowledged but not stored")
            continue
        after = version.after or {}
        expected = {"decision": save.decision, "reason": save.reason}
        if save.decision == "adjusted":
            expected |= {"values": save.values, "not_applicable": save.not_applicable}
        stored = {key: after.get(key) for key in expected}
        who = version.changed_by.username if version.changed_by else None
        if who != save.username or stored != expected:
            problems.append(
                f"{_describe_decision(save)}: version {version.version} holds {stored} by "
                f"{who}, sent {expected}"
            )
    appraisals = Appraisal.objects.in_bulk({save.appraisal for save in saves})
    for appraisal_id, allowed in _latest_states(saves, lambda save: save.appraisal).items():
        appraisal = appraisals.get(appraisal_id)
        if appraisal is None:
            problems.append(f"{_describe_decision(allowed[0])}: no such appraisal")
            continue
        possible = {(save.expected_version + 1, save.decision) for save in allowed}
        if (appraisal.version, appraisal.decision) not in possible:
            problems.append(
                f"{_describe_decision(allowed[0])}: the appraisal is now at version "
                f"{appraisal.version} ({appraisal.decision}), not the last acknowledged decision"
            )
    return problems
