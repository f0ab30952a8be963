"""A cycle moved to appraisal round 2 with SCT's explained adjustment of 1.1."""

from dti.appraisals.models import Decision
from dti.appraisals.services import decide, save_explanation, submit_explanations
from dti.assessments.evidence import add_link_evidence
from dti.assessments.models import EvidenceStage
from dti.campaigns.models import Phase
from tests.appraisals.cycle import build_cycle

EXPLANATION_TEXT = "Bổ sung biên bản 2 cuộc họp tháng 10"


def cycle_in_round_two():
    """Round 1: SKHCN cuts SCT 1.1 from 4 meetings to 2, everything else accepted; SCT explains
    1.1 with a new link and signs off; the campaign is then in appraisal round 2."""
    cycle = build_cycle()
    appraisal = cycle.appraisal("SCT", "1.1")
    decide(
        appraisal,
        expected_version=0,
        decision=Decision.ADJUSTED,
        values={"meetings": "2"},
        reason="Chỉ có 2 biên bản hợp lệ",
        by=cycle.appraisers["SKHCN"],
    )
    cycle.accept_all(1)
    cycle.move(Phase.EXPLANATION)
    response = cycle.response("SCT", "1.1")
    save_explanation(response, EXPLANATION_TEXT, cycle.staff["SCT"])
    add_link_evidence(
        response,
        "https://example.gov.vn/bien-ban-bo-sung",
        "Biên bản bổ sung",
        cycle.staff["SCT"],
        stage=EvidenceStage.EXPLANATION,
    )
    submit_explanations(cycle.assessment("SCT"), cycle.leaders["SCT"])
    cycle.move(Phase.APPRAISAL_2)
    return cycle
