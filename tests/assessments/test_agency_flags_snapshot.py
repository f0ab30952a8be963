"""An assessment keeps the agency's flags of the day its campaign was created: importing a
corrected list of the campaign's year with other flags changes neither which indicators apply
nor the points of a campaign already running; another year's list does not touch the flags of
the campaign's year at all."""

import csv
import io
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from dti.agencies.importing import import_agencies_path
from dti.agencies.models import Agency, Role, Tier
from dti.assessments.scoring import score_assessment
from dti.core.demo import DATA_DIR
from dti.frameworks.files import read_framework_path
from dti.frameworks.services import load_framework
from tests.assessments.helpers import open_deadlines
from tests.factories import make_campaign, make_user

pytestmark = pytest.mark.django_db

# The departments flagged for the digital economy in 2025 that the 2024 list also names (without
# the flag: the 2024 sources do not say which departments had it).
SHARED_FLAGGED = {"STC", "SXD", "SCT", "SKHCN", "SVHTT", "SDL"}
DIGITAL_ECONOMY_INDICATOR = "7.1"


@pytest.fixture
def campaign_2025():
    import_agencies_path(DATA_DIR / "agencies-2025.csv")
    framework = load_framework(read_framework_path(DATA_DIR / "hanoi-2025-department.yaml"))
    departments = [
        agency
        for agency in Agency.objects.filter(tier=Tier.DEPARTMENT, is_assessed=True)
        if agency.is_active_in(2025)
    ]
    return make_campaign(departments, framework, year=2025, deadlines=open_deadlines())


def applicability_and_scores(campaign) -> dict[str, tuple]:
    result = {}
    for assessment in campaign.assessments.select_related("agency", "framework"):
        codes = sorted(assessment.responses.values_list("indicator__code", flat=True))
        score = score_assessment(assessment)
        result[assessment.agency.code] = (codes, score.max_points, score.points)
    return result


def corrected_2025_list(tmp_path, unflagged: set[str]):
    """The shipped 2025 list with the digital-economy flag taken off the ``unflagged`` codes."""
    rows = list(csv.DictReader(io.StringIO((DATA_DIR / "agencies-2025.csv").read_text("utf-8"))))
    for row in rows:
        if row["code"] in unflagged:
            row["flags"] = ""
    path = tmp_path / "agencies-2025-corrected.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def flags_of(codes, year) -> dict[str, frozenset[str]]:
    return {agency.code: agency.flags_in(year) for agency in Agency.objects.filter(code__in=codes)}


def test_reimporting_the_2024_list_leaves_the_2025_flags_and_campaign_as_they_were(
    client, campaign_2025
):
    before = applicability_and_scores(campaign_2025)
    assert {
        code
        for code, (codes, _max, _points) in before.items()
        if DIGITAL_ECONOMY_INDICATOR in codes
    } >= SHARED_FLAGGED

    call_command("load_agencies", str(DATA_DIR / "agencies-2024.csv"), stdout=StringIO())

    assert flags_of(SHARED_FLAGGED, 2025) == dict.fromkeys(
        SHARED_FLAGGED, frozenset({"digital_economy"})
    )
    assert flags_of(SHARED_FLAGGED, 2024) == dict.fromkeys(SHARED_FLAGGED, frozenset())
    assert applicability_and_scores(campaign_2025) == before


def test_a_corrected_2025_list_leaves_the_running_campaign_as_it_was(
    client, campaign_2025, tmp_path
):
    before = applicability_and_scores(campaign_2025)

    path = corrected_2025_list(tmp_path, SHARED_FLAGGED)
    call_command("load_agencies", str(path), stdout=StringIO())

    assert flags_of(SHARED_FLAGGED, 2025) == dict.fromkeys(SHARED_FLAGGED, frozenset())
    assert applicability_and_scores(campaign_2025) == before


def test_a_save_after_the_reimport_keeps_the_indicator_in_the_agencys_totals(
    client, campaign_2025, tmp_path
):
    assessment = campaign_2025.assessments.get(agency__code="SCT")
    max_points = assessment.self_max_points
    call_command("load_agencies", str(corrected_2025_list(tmp_path, {"SCT"})), stdout=StringIO())
    assert Agency.objects.get(code="SCT").flags_in(2025) == frozenset()

    client.force_login(make_user(Role.AGENCY_STAFF, assessment.agency))
    first = assessment.responses.order_by("indicator__order").first().indicator.code
    client.post(reverse("assessments:indicator", args=[assessment.pk, first]), {"note": "Đã rà"})
    overview = client.get(reverse("assessments:overview", args=[assessment.pk]))

    assessment.refresh_from_db()
    assert assessment.self_max_points == max_points
    groups = {line.group.code: line for line in overview.context["overview"].groups}
    assert [line.indicator.code for line in groups["7"].lines] == [DIGITAL_ECONOMY_INDICATOR]
    assert overview.context["overview"].score.max_points == max_points
