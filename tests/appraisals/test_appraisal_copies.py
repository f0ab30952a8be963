"""Every appraisal carries its assessment's campaign and its response's indicator (copies the
queue counts from): set by each way an appraisal is made — round 1, round 2 for the explained
indicators, round 2 opened by the appraiser after a reopening — and by the migration for the
appraisals that existed before."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import F, Q

from dti.appraisals.models import Appraisal, Decision, Round
from dti.appraisals.services import decide, ensure_round_two, save_explanation, submit_explanations
from dti.campaigns.models import Phase
from dti.results.services import reopen_campaign
from tests.appraisals.cycle import build_cycle


def adjust(cycle, agency: str, code: str, values: dict, round_number: int = 1) -> None:
    appraisal = cycle.appraisal(agency, code, round_number)
    decide(
        appraisal,
        expected_version=appraisal.version,
        decision=Decision.ADJUSTED,
        values=values,
        reason="Thiếu biên bản",
        by=cycle.appraiser_for(code),
    )


def a_whole_year():
    cycle = build_cycle()
    adjust(cycle, "SCT", "1.1", {"meetings": "2"})
    cycle.accept_all(1)
    cycle.move(Phase.EXPLANATION)
    save_explanation(cycle.response("SCT", "1.1"), "Bổ sung biên bản", cycle.staff["SCT"])
    submit_explanations(cycle.assessment("SCT"), cycle.leaders["SCT"])
    cycle.close_explanations()
    cycle.move(Phase.APPRAISAL_2)  # round 2 for SCT's explained 1.1
    cycle.accept_all(2)
    cycle.move(Phase.FINALIZED)
    reopen_campaign(cycle.campaign, "Sở Y tế bổ sung tài liệu", cycle.coordinator)
    ensure_round_two(cycle.response("SYT", "1.2"), cycle.appraiser_for("1.2"))
    return cycle


def mismatched() -> int:
    return Appraisal.objects.filter(
        ~Q(campaign=F("assessment__campaign")) | ~Q(indicator=F("response__indicator"))
    ).count()


@pytest.mark.django_db
def test_every_way_of_making_an_appraisal_copies_its_campaign_and_indicator():
    cycle = a_whole_year()
    second = Appraisal.objects.filter(round=Round.SECOND)
    assert {(item.assessment.agency.code, item.indicator.code) for item in second} == {
        ("SCT", "1.1"),
        ("SYT", "1.2"),
    }
    assert Appraisal.objects.filter(campaign=cycle.campaign).count() == 9  # 7 + 2
    assert mismatched() == 0


def migrate_appraisals_to(name: str | None) -> None:
    executor = MigrationExecutor(connection)
    targets = executor.loader.graph.leaf_nodes()
    if name is not None:
        targets = [node for node in targets if node[0] != "appraisals"] + [("appraisals", name)]
    executor.migrate(targets)


def test_the_migration_copies_them_for_the_appraisals_that_existed(transactional_db):
    a_whole_year()
    before = set(Appraisal.objects.values_list("pk", "campaign_id", "indicator_id"))
    migrate_appraisals_to("0002_council_opinion_per_reopening")
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM appraisals_appraisal")
            assert cursor.fetchone() == (len(before),)
    finally:
        migrate_appraisals_to(None)
    assert set(Appraisal.objects.values_list("pk", "campaign_id", "indicator_id")) == before
    assert mismatched() == 0
