"""The migration to flags per year keeps what the platform did with the one list of flags: a
year with a campaign keeps the flags its assessment recorded, every other year the agency could
be assessed in (a framework of its tier is loaded) keeps the old list, and nothing is lost."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

ONE_LIST = "0003_agency_flags_per_year"
PER_YEAR = "0004_carry_flags_over_to_years"


def migrate(agencies_migration: str | None = None):
    """Migrate the agencies app to ``agencies_migration`` (None: the latest), the other apps to
    their latest; return the models as they are then."""
    executor = MigrationExecutor(connection)
    targets = executor.loader.graph.leaf_nodes()
    if agencies_migration is not None:
        targets = [node for node in targets if node[0] != "agencies"]
        targets.append(("agencies", agencies_migration))
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def one_list_of_flags(transactional_db):
    apps = migrate(ONE_LIST)
    yield apps
    migrate()


def carried_over(apps) -> set[tuple[str, int, str]]:
    AgencyFlag = apps.get_model("agencies", "AgencyFlag")
    return set(AgencyFlag.objects.values_list("agency__code", "year", "flag"))


def test_flags_are_carried_over_to_the_years_they_were_used_for(one_list_of_flags):
    apps = one_list_of_flags
    Agency = apps.get_model("agencies", "Agency")
    Framework = apps.get_model("frameworks", "Framework")
    Campaign = apps.get_model("campaigns", "Campaign")
    Assessment = apps.get_model("assessments", "Assessment")
    frameworks = {
        year: Framework.objects.create(
            code=f"HN-{year}",
            year=year,
            tier="department",
            title_vi=f"Bộ chỉ số {year}",
            legal_reference="1/QĐ",
            max_points=Decimal(100),
        )
        for year in (2024, 2025)
    }
    flag = ["digital_economy"]
    both_years = Agency.objects.create(
        code="SCT", name="Sở Công Thương", tier="department", flags=flag
    )
    until_2024 = Agency.objects.create(
        code="STTTT", name="Sở TT&TT", tier="department", flags=flag, active_until=2024
    )
    no_framework = Agency.objects.create(code="P-1", name="Phường Một", tier="commune", flags=flag)
    Agency.objects.create(code="SYT", name="Sở Y tế", tier="department")
    campaign_2024 = Campaign.objects.create(year=2024, title="DTI 2024")
    Assessment.objects.create(
        campaign=campaign_2024, agency=both_years, framework=frameworks[2024], agency_flags=[]
    )

    apps = migrate(PER_YEAR)

    rows = carried_over(apps)
    assert rows == {
        ("SCT", 2025, "digital_economy"),  # 2024 is what its 2024 assessment recorded: none
        ("STTTT", 2024, "digital_economy"),  # not active in 2025
        ("P-1", datetime.date.today().year, "digital_economy"),  # no commune framework yet
    }

    apps = migrate(ONE_LIST)  # and back: each agency's latest year with flags

    Agency = apps.get_model("agencies", "Agency")
    assert dict(Agency.objects.values_list("code", "flags")) == {
        both_years.code: flag,
        until_2024.code: flag,
        no_framework.code: flag,
        "SYT": [],
    }
    assert carried_over(migrate(PER_YEAR)) == rows  # forward again, from the restored lists
