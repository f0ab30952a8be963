"""After a bulk load the database's planner statistics are refreshed (ANALYZE on PostgreSQL):
the scale generator and a restore do it once their rows are committed."""

import pytest
from django.db import connection

from dti.core import database, scale
from dti.frameworks.models import Indicator
from dti.frameworks.services import load_framework
from tests.frameworks.helpers import small_document

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def refreshes(monkeypatch):
    calls = []
    monkeypatch.setattr(scale, "refresh_planner_statistics", lambda: calls.append("analyze"))
    return calls


def test_the_generator_refreshes_the_statistics_once_its_campaign_is_committed(refreshes):
    report = scale.generate_campaign(agencies=2, seed=1)
    assert report.assessments == 2
    assert refreshes == ["analyze"]


def test_postgresql_knows_how_many_rows_a_table_has_after_the_refresh():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite keeps no planner statistics (the refresh does nothing there)")
    load_framework(small_document())
    database.refresh_planner_statistics()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE relname = %s", [Indicator._meta.db_table]
        )
        (estimate,) = cursor.fetchone()
    assert estimate == Indicator.objects.count()
