"""Two people of one agency save two indicators at the same moment: the self-assessed totals
kept on the assessment count both answers (the assessment row is locked while they are
recomputed). Runs on PostgreSQL, where the two transactions really overlap."""

import threading

import pytest
from django.db import connection

from dti.agencies.models import Role
from dti.assessments import services
from dti.assessments.models import Assessment
from dti.assessments.services import refresh_totals, save_response
from tests.assessments.excel_form_helpers import open_assessment
from tests.factories import make_user

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs two overlapping transactions: SQLite serialises writing transactions, "
        "so the race cannot happen there (CI runs this on PostgreSQL)",
    ),
]

ANSWERS = {
    "1.1": {"meetings": "4"},  # 20 points
    "1.2": {"chaired": "3", "total": "3"},  # 10 points
}


def test_two_saves_at_the_same_time_both_count_in_the_totals(monkeypatch):
    assessment, staff = open_assessment()
    colleague = make_user(Role.AGENCY_STAFF, agency=assessment.agency)
    both_saved = threading.Barrier(2, timeout=10)

    def refresh_when_both_have_saved(assessment):
        # Each transaction has written its own response row; neither has committed.
        both_saved.wait()
        refresh_totals(assessment)

    monkeypatch.setattr(services, "refresh_totals", refresh_when_both_have_saved)
    errors = []

    def save(code: str, user) -> None:
        try:
            response = Assessment.objects.get(pk=assessment.pk).responses.get(indicator__code=code)
            save_response(response, values=ANSWERS[code], not_applicable=False, note="", by=user)
        except Exception as error:  # reported by the assertion below, not lost in a thread
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(code, user))
        for code, user in zip(ANSWERS, (staff, colleague), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []

    assessment.refresh_from_db()
    assert (assessment.self_points, assessment.answered_count) == (30, 2)
