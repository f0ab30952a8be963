import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dti.agencies.models import Role, Tier
from dti.audit.models import AuditEvent
from dti.campaigns.models import Phase, PhaseTransition
from dti.campaigns.services import (
    CampaignError,
    create_campaign,
    default_deadlines,
    grant_extension,
    move_phase,
)
from dti.frameworks.services import load_framework
from tests.factories import make_agency, make_campaign, make_user
from tests.frameworks.helpers import small_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework():
    return load_framework(small_document())


@pytest.fixture
def coordinator():
    return make_user(Role.COORDINATOR)


def test_creating_a_campaign_creates_an_assessment_per_agency_with_its_indicators(
    framework, coordinator
):
    flagged = make_agency("SCT", Tier.DEPARTMENT, flags=["digital_economy"])
    plain = make_agency("SYT", Tier.DEPARTMENT)
    campaign = create_campaign(
        year=2025,
        title="DTI 2025",
        plan_reference="KH 1",
        frameworks=[framework],
        agencies=None,
        by=coordinator,
    )
    assessments = {item.agency.code: item for item in campaign.assessments.all()}
    assert set(assessments) == {"SCT", "SYT"}
    flagged_codes = [r.indicator.code for r in assessments["SCT"].responses.all()]
    plain_codes = [r.indicator.code for r in assessments["SYT"].responses.all()]
    assert flagged_codes == ["1.1", "1.2", "2.1", "2.2"]
    assert plain_codes == ["1.1", "1.2", "2.1"]
    assert assessments["SYT"].applicable_count == 3
    assert assessments["SYT"].self_max_points == 40
    assert campaign.phase == Phase.PREPARATION
    assert AuditEvent.objects.filter(action="campaign.create").count() == 1
    del flagged, plain


def test_default_participants_leave_out_agencies_not_active_that_year(framework, coordinator):
    make_agency("OLD", Tier.DEPARTMENT, active_until=2024)
    make_agency("ONLY-APPRAISES", Tier.DEPARTMENT, is_assessed=False)
    make_agency("NEW", Tier.DEPARTMENT, active_from=2025)
    make_agency("X", Tier.COMMUNE)
    campaign = create_campaign(
        year=2025,
        title="DTI",
        plan_reference="",
        by=coordinator,
        frameworks=[framework],
        agencies=None,
    )
    assert [item.agency.code for item in campaign.assessments.all()] == ["NEW"]


def test_deadlines_are_prefilled_from_the_plan_schedule():
    deadlines = default_deadlines(2025)
    self_assessment = timezone.localtime(deadlines[Phase.SELF_ASSESSMENT])
    assert (self_assessment.month, self_assessment.hour) == (11, 23)
    assert timezone.localtime(deadlines[Phase.COUNCIL]).month == 12


def test_an_agency_of_a_tier_without_framework_is_refused(framework, coordinator):
    commune = make_agency("X", Tier.COMMUNE)
    with pytest.raises(CampaignError):
        create_campaign(
            year=2025,
            title="DTI",
            plan_reference="",
            by=coordinator,
            frameworks=[framework],
            agencies=[commune],
        )


def test_phases_move_forward_one_at_a_time_and_each_move_is_logged(framework, coordinator):
    campaign = make_campaign([make_agency()], framework, phase=Phase.PREPARATION, by=coordinator)
    with pytest.raises(CampaignError):
        move_phase(campaign, Phase.APPRAISAL_1, coordinator)
    move_phase(campaign, Phase.SELF_ASSESSMENT, coordinator, note="Bắt đầu")
    campaign.refresh_from_db()
    assert campaign.phase == Phase.SELF_ASSESSMENT
    transition = PhaseTransition.objects.get()
    assert (transition.from_phase, transition.to_phase, transition.moved_by) == (
        Phase.PREPARATION,
        Phase.SELF_ASSESSMENT,
        coordinator,
    )
    event = AuditEvent.objects.get(action="campaign.phase")
    assert event.before == {"phase": "preparation"} and event.reason == "Bắt đầu"


def test_only_the_coordinator_moves_phases(client, framework):
    campaign = make_campaign([make_agency()], framework, phase=Phase.PREPARATION)
    client.force_login(make_user(Role.WORKING_GROUP))
    response = client.post(
        reverse("campaigns:move_phase", args=[campaign.pk]), {"to_phase": Phase.SELF_ASSESSMENT}
    )
    assert response.status_code == 403
    campaign.refresh_from_db()
    assert campaign.phase == Phase.PREPARATION


def test_coordinator_creates_a_campaign_through_the_form(client, framework, coordinator):
    make_agency("SYT", Tier.DEPARTMENT)
    client.force_login(coordinator)
    year = timezone.localdate().year + 1
    data = {
        "year": year,
        "title": "Xác định DTI 2025",
        "plan_reference": "KH/UBND",
        "framework_department": framework.pk,
    }
    for phase, due in default_deadlines(year).items():
        data[f"deadline_{phase}"] = timezone.localtime(due).strftime("%d/%m/%Y")
    response = client.post(reverse("campaigns:create"), data)
    assert response.status_code == 302
    detail = client.get(response["Location"])
    assert "Xác định DTI 2025" in detail.content.decode()
    assert detail.context["assessments"].count() == 1


def test_deadlines_out_of_order_are_refused_next_to_the_field(client, framework, coordinator):
    client.force_login(coordinator)
    data = {"year": 2025, "title": "DTI", "framework_department": framework.pk}
    for phase, due in default_deadlines(2025).items():
        data[f"deadline_{phase}"] = timezone.localtime(due).strftime("%d/%m/%Y")
    data["deadline_appraisal_1"] = "01/01/2025"
    response = client.post(reverse("campaigns:create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["deadline_appraisal_1"]
    assert response.context["form"]["title"].value() == "DTI"


def test_an_extension_needs_a_reason_and_a_future_date(framework, coordinator):
    campaign = make_campaign([make_agency()], framework, by=coordinator)
    assessment = campaign.assessments.get()
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    with pytest.raises(CampaignError):
        grant_extension(assessment, until=tomorrow, reason=" ", by=coordinator)
    with pytest.raises(CampaignError):
        grant_extension(
            assessment,
            until=timezone.now() - datetime.timedelta(days=1),
            reason="Sự cố",
            by=coordinator,
        )
    grant_extension(assessment, until=tomorrow, reason="Sự cố mạng", by=coordinator)
    event = AuditEvent.objects.get(action="assessment.extension")
    assert event.reason == "Sự cố mạng" and event.agency == assessment.agency
