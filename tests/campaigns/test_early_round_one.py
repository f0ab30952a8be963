"""Appraisal round 1 opens before the self-assessment deadline only when no draft may still be
completed and submitted, or when the coordinator confirms moving on anyway with a reason; the
warning says how many assessments are still drafts and names their agencies."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from dti.agencies.models import Role
from dti.appraisals.services import set_assignments
from dti.assessments.models import Assessment, AssessmentStatus
from dti.audit.models import AuditEvent
from dti.campaigns.models import Phase, PhaseTransition
from dti.campaigns.services import CampaignError, grant_extension, move_phase
from tests.assessments.helpers import open_deadlines
from tests.factories import make_agency, make_campaign, make_user

pytestmark = pytest.mark.django_db

REASON = "Kế hoạch điều chỉnh, thẩm định sớm"


@pytest.fixture
def coordinator():
    return make_user(Role.COORDINATOR)


def campaign_with(coordinator, days_to_deadline: int):
    """Three agencies' assessments (SCT, SYT, STP), the self-assessment deadline
    ``days_to_deadline`` from now, every indicator with an appraising department."""
    agencies = [
        make_agency("SCT", name="Sở Công Thương"),
        make_agency("SYT", name="Sở Y tế"),
        make_agency("STP", name="Sở Tư pháp"),
    ]
    campaign = make_campaign(agencies, by=coordinator, deadlines=open_deadlines(days_to_deadline))
    framework = campaign.frameworks.get()
    department = make_agency("SKHCN-T", name="Sở KH&CN", is_appraising_unit=True)
    set_assignments(
        framework, {(item.pk, department.pk) for item in framework.indicators.all()}, coordinator
    )
    return campaign


def submitted(campaign, *codes):
    """Mark these agencies' assessments submitted (the submission itself is tested elsewhere)."""
    campaign.assessments.filter(agency__code__in=codes).update(
        status=AssessmentStatus.SUBMITTED, submitted_at=timezone.now()
    )


def phase_of(campaign) -> str:
    campaign.refresh_from_db()
    return campaign.phase


def test_round_one_before_the_deadline_asks_for_confirmation_counting_the_drafts(coordinator):
    campaign = campaign_with(coordinator, days_to_deadline=3)
    submitted(campaign, "SCT")

    with translation.override("en"), pytest.raises(CampaignError) as refused:
        move_phase(campaign, Phase.APPRAISAL_1, coordinator)

    assert refused.value.confirmable is True
    warning, how = refused.value.problems
    deadline = timezone.localtime(campaign.deadline_of(Phase.SELF_ASSESSMENT))
    assert warning == (
        "2 assessment(s) are still drafts that their agencies may complete and submit "
        f"(self-assessment deadline: {deadline:%d/%m/%Y %H:%M}): Sở Tư pháp, Sở Y tế."
    )
    assert how == "To move on anyway, tick “Move on anyway” and give the reason in the note."
    assert phase_of(campaign) == Phase.SELF_ASSESSMENT


def test_the_warning_is_in_vietnamese_on_a_vietnamese_page(client, coordinator):
    campaign = campaign_with(coordinator, days_to_deadline=3)
    client.force_login(coordinator)

    client.post(
        reverse("campaigns:move_phase", kwargs={"pk": campaign.pk}),
        {"to_phase": Phase.APPRAISAL_1, "note": ""},
    )

    page = client.get(reverse("campaigns:detail", kwargs={"pk": campaign.pk})).content.decode()
    assert "3 hồ sơ tự đánh giá vẫn còn là bản nháp" in page
    assert 'name="confirm"' in page


def test_the_coordinator_confirms_with_a_reason_and_round_one_opens(client, coordinator):
    campaign = campaign_with(coordinator, days_to_deadline=3)
    client.force_login(coordinator)
    move = reverse("campaigns:move_phase", kwargs={"pk": campaign.pk})

    client.post(move, {"to_phase": Phase.APPRAISAL_1, "note": " ", "confirm": "on"})
    assert phase_of(campaign) == Phase.SELF_ASSESSMENT  # a confirmation needs its reason

    client.post(move, {"to_phase": Phase.APPRAISAL_1, "note": REASON, "confirm": "on"})
    assert phase_of(campaign) == Phase.APPRAISAL_1
    assert PhaseTransition.objects.get(to_phase=Phase.APPRAISAL_1).note == REASON
    event = AuditEvent.objects.get(action="campaign.phase", after__phase=Phase.APPRAISAL_1)
    assert event.reason == REASON
    assert event.after["confirmed_warnings"][0].startswith("3 ")


def test_no_confirmation_is_needed_once_every_assessment_is_submitted(coordinator):
    campaign = campaign_with(coordinator, days_to_deadline=3)
    submitted(campaign, "SCT", "SYT", "STP")

    move_phase(campaign, Phase.APPRAISAL_1, coordinator)

    assert phase_of(campaign) == Phase.APPRAISAL_1


def test_no_confirmation_is_needed_after_the_deadline(coordinator):
    campaign = campaign_with(coordinator, days_to_deadline=-1)

    move_phase(campaign, Phase.APPRAISAL_1, coordinator)

    assert phase_of(campaign) == Phase.APPRAISAL_1


def test_a_running_extension_after_the_deadline_still_asks_for_confirmation(coordinator):
    campaign = campaign_with(coordinator, days_to_deadline=-1)
    late = Assessment.objects.get(campaign=campaign, agency__code="SYT")
    grant_extension(
        late,
        until=timezone.now() + datetime.timedelta(days=2),
        reason="Sự cố mạng",
        by=coordinator,
    )

    with translation.override("en"), pytest.raises(CampaignError) as refused:
        move_phase(campaign, Phase.APPRAISAL_1, coordinator)

    assert refused.value.problems[0].startswith("1 assessment(s) are still drafts")
    assert refused.value.problems[0].endswith("): Sở Y tế.")
