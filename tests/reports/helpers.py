"""A finalised campaign for the report tests, walked through the real services.

SKHCN adjusts SCT's indicator 1.1 from 4 meetings to 3 in round 1 (with a reason); everything
else is accepted. Hand-computed results (the small test framework, max 60):
- SYT: 1.1 = 20, 1.2 = 7.5, 2.1 = 10, 2.2 does not apply → 37.5 / 40 = 0.9375, rank 1;
- SCT: 1.1 = 15 (self 20), 1.2 = 7.5, 2.1 = 10, 2.2 = 10 → 42.5 / 60 = 0.7083 (self 0.7917),
  rank 2.
"""

from __future__ import annotations

from dti.appraisals.models import Decision
from dti.appraisals.services import decide
from dti.campaigns.models import Phase
from tests.appraisals.cycle import Cycle, build_cycle

SCT_REASON = "Chỉ có 3 biên bản họp hợp lệ"


def finalised_cycle(phase: str = Phase.FINALIZED) -> Cycle:
    cycle = build_cycle()
    appraisal = cycle.appraisal("SCT", "1.1")
    decide(
        appraisal,
        expected_version=appraisal.version,
        decision=Decision.ADJUSTED,
        values={"meetings": "3"},
        reason=SCT_REASON,
        by=cycle.appraiser_for("1.1"),
    )
    cycle.accept_all(1)
    cycle.close_explanations()
    cycle.move(phase)
    return cycle
