"""An assessment keeps the agency's flags of the day its campaign was created: re-importing an
agency list with other flags (another year's) changes neither which indicators apply nor the
points of a campaign already running."""

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


def test_reimporting_the_2024_list_leaves_the_2025_campaign_as_it_was(client, campaign_2025):
    before = applicability_and_scores(campaign_2025)
    assert {
        code
        for code, (codes, _max, _points) in before.items()
        if DIGITAL_ECONOMY_INDICATOR in codes
    } >= SHARED_FLAGGED

    call_command("load_agencies", str(DATA_DIR / "agencies-2024.csv"), stdout=StringIO())

    flags_now = {
        agency.code: agency.flags for agency in Agency.objects.filter(code__in=SHARED_FLAGGED)
    }
    assert flags_now == {code: [] for code in SHARED_FLAGGED}  # the import did change the flags
    assert applicability_and_scores(campaign_2025) == before


def test_a_save_after_the_reimport_keeps_the_indicator_in_the_agencys_totals(client, campaign_2025):
    assessment = campaign_2025.assessments.get(agency__code="SCT")
    max_points = assessment.self_max_points
    call_command("load_agencies", str(DATA_DIR / "agencies-2024.csv"), stdout=StringIO())

    client.force_login(make_user(Role.AGENCY_STAFF, assessment.agency))
    first = assessment.responses.order_by("indicator__order").first().indicator.code
    client.post(reverse("assessments:indicator", args=[assessment.pk, first]), {"note": "Đã rà"})
    overview = client.get(reverse("assessments:overview", args=[assessment.pk]))

    assessment.refresh_from_db()
    assert assessment.self_max_points == max_points
    groups = {line.group.code: line for line in overview.context["overview"].groups}
    assert [line.indicator.code for line in groups["7"].lines] == [DIGITAL_ECONOMY_INDICATOR]
    assert overview.context["overview"].score.max_points == max_points
