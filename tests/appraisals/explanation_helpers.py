"""A cycle whose round-1 results are sent, and every URL of the explanation pages, for the
tests of the agency's results and explanations."""

from __future__ import annotations

from django.urls import reverse

from dti.appraisals import explanation_urls
from dti.appraisals.models import Decision
from dti.appraisals.services import decide
from dti.assessments.models import Evidence, EvidenceKind, EvidenceStage
from dti.campaigns.models import Phase
from tests.appraisals.cycle import Cycle, build_cycle

SCT_REASON = "Chỉ có 2 biên bản họp hợp lệ"
SYT_REASON = "Chỉ 1 cuộc do giám đốc chủ trì"


def adjust(cycle: Cycle, agency: str, code: str, values: dict, reason: str, round_number=1):
    appraisal = cycle.appraisal(agency, code, round_number)
    return decide(
        appraisal,
        expected_version=appraisal.version,
        decision=Decision.ADJUSTED,
        values=values,
        reason=reason,
        by=cycle.appraiser_for(code),
    )


def adjusted_cycle(phase: str = Phase.EXPLANATION) -> Cycle:
    """Round 1 cuts SCT's 1.1 (4 meetings → 2) and SYT's 1.2 (3 of 4 chaired → 1 of 4), accepts
    everything else, and the campaign moves on to ``phase``."""
    cycle = build_cycle()
    adjust(cycle, "SCT", "1.1", {"meetings": "2"}, SCT_REASON)
    adjust(cycle, "SYT", "1.2", {"chaired": "1", "total": "4"}, SYT_REASON)
    if phase != Phase.APPRAISAL_1:
        cycle.accept_all(1)
        cycle.move(phase)
    return cycle


def explanation_link(cycle: Cycle, agency: str, code: str) -> Evidence:
    """Explanation evidence stored directly, whatever the phase (the views are tested apart)."""
    response = cycle.response(agency, code)
    return Evidence.objects.create(
        assessment=response.assessment,
        response=response,
        kind=EvidenceKind.LINK,
        stage=EvidenceStage.EXPLANATION,
        url="https://example.gov.vn/bo-sung",
        title="Biên bản bổ sung",
        uploaded_by=cycle.staff[agency],
    )


def every_url(assessment_id: int, code: str, evidence_id: int) -> list[str]:
    """Each pattern of explanation_urls.py, reversed with these ids."""
    values = {"pk": assessment_id, "code": code, "evidence_id": evidence_id}
    urls = []
    for pattern in explanation_urls.urlpatterns:
        names = pattern.pattern.converters.keys()
        urls.append(
            reverse(f"appraisals:{pattern.name}", kwargs={name: values[name] for name in names})
        )
    return urls
