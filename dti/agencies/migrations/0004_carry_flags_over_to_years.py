"""Carry each agency's one list of flags over to flags per year.

The old list was the flags of whichever agency list was imported last, used for every year, so
which year it belonged to is unknown. What the platform did with it is known, and is kept:

- a year in which the agency took part in a campaign gets the flags its assessment recorded when
  the campaign was created (the flags that year's indicators were chosen by; the latest campaign
  of a year wins);
- every other year for which a framework of the agency's tier is loaded and the agency is active
  gets the old list, as the platform would have used it for a campaign of that year;
- an agency with flags but no such year keeps them for the current year, so nothing is lost.

Re-importing a year's agency list then corrects that year alone.
"""

import datetime
from collections import defaultdict

from django.db import migrations


def _active(agency, year: int) -> bool:
    starts = agency.active_from is None or agency.active_from <= year
    ends = agency.active_until is None or year <= agency.active_until
    return starts and ends


def carry_flags_over(apps, schema_editor):
    Agency = apps.get_model("agencies", "Agency")
    AgencyFlag = apps.get_model("agencies", "AgencyFlag")
    Assessment = apps.get_model("assessments", "Assessment")
    Framework = apps.get_model("frameworks", "Framework")

    framework_years: dict[str, set[int]] = defaultdict(set)
    for tier, year in Framework.objects.values_list("tier", "year").distinct():
        framework_years[tier].add(year)
    recorded: dict[int, dict[int, list[str]]] = defaultdict(dict)
    snapshots = Assessment.objects.order_by("campaign_id").values_list(
        "agency_id", "campaign__year", "agency_flags"
    )
    for agency_id, year, flags in snapshots:
        recorded[agency_id][year] = list(flags or [])

    rows = []
    for agency in Agency.objects.all():
        old = list(agency.flags or [])
        by_year = {year: old for year in framework_years[agency.tier] if _active(agency, year)}
        by_year.update(recorded[agency.pk])
        if old and not by_year:
            by_year = {datetime.date.today().year: old}
        rows += [
            AgencyFlag(agency=agency, year=year, flag=flag)
            for year, flags in by_year.items()
            for flag in sorted(set(flags))
        ]
    AgencyFlag.objects.bulk_create(rows)


def keep_the_latest_year(apps, schema_editor):
    """Back to one list: each agency's flags of its latest year with flags (the rows per year
    go, so that migrating forward again carries the list over afresh)."""
    Agency = apps.get_model("agencies", "Agency")
    AgencyFlag = apps.get_model("agencies", "AgencyFlag")
    latest: dict[int, tuple[int, list[str]]] = {}
    for agency_id, year, flag in AgencyFlag.objects.order_by("year", "flag").values_list(
        "agency_id", "year", "flag"
    ):
        if agency_id not in latest or latest[agency_id][0] < year:
            latest[agency_id] = (year, [])
        latest[agency_id][1].append(flag)
    for agency in Agency.objects.filter(pk__in=latest):
        agency.flags = latest[agency.pk][1]
        agency.save(update_fields=["flags"])
    AgencyFlag.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0003_agency_flags_per_year"),
        ("assessments", "0002_initial"),
        ("campaigns", "0001_initial"),
        ("frameworks", "0001_initial"),
    ]

    operations = [migrations.RunPython(carry_flags_over, keep_the_latest_year)]
