"""Two appraisers decide two items of one agency at the same moment: the appraised totals kept
on the assessment count both decisions (the assessment row is locked while they are
recomputed). Runs on PostgreSQL, where the two transactions really overlap."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from dti.appraisals import services
from dti.appraisals.models import Decision
from dti.appraisals.scoring import refresh_appraised_totals
from tests.appraisals.cycle import build_cycle

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs two overlapping transactions: SQLite serialises writing transactions, "
        "so the race cannot happen there (CI runs this on PostgreSQL)",
    ),
]

DECISIONS = {
    "1.1": {"values": {"meetings": "2"}},  # 20 → 10 points
    "2.1": {"values": {"plan": "no", "drills": "2", "incidents": "0"}},  # 10 → 4 points
}


def test_two_decisions_at_the_same_time_both_count_in_the_totals(monkeypatch):
    cycle = build_cycle()
    both_decided = threading.Barrier(2, timeout=10)

    def refresh_when_both_have_decided(assessment):
        # Each transaction has updated its own appraisal row; neither has committed.
        both_decided.wait()
        refresh_appraised_totals(assessment)

    monkeypatch.setattr(services, "refresh_appraised_totals", refresh_when_both_have_decided)
    errors = []

    def decide(code: str) -> None:
        try:
            appraisal = cycle.appraisal("SCT", code)
            services.decide(
                appraisal,
                expected_version=appraisal.version,
                decision=Decision.ADJUSTED,
                reason="Thiếu hồ sơ",
                by=cycle.appraiser_for(code),
                **DECISIONS[code],
            )
        except Exception as error:  # reported by the assertion below, not lost in a thread
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(code,)) for code in DECISIONS]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []

    assessment = cycle.assessment("SCT")
    # SCT self-assessed 47.5 / 60; minus 10 (1.1) and minus 6 (2.1).
    assert (assessment.appraised_points, assessment.adjusted_count, assessment.pending_count) == (
        Decimal("31.5"),
        2,
        2,
    )
