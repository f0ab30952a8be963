"""Round 2 opens before the explanation deadline only when every agency with adjusted
indicators has filed its explanations, or when the coordinator confirms moving on anyway, with
a reason that is logged."""

import pytest
from django.urls import reverse
from django.utils import translation

from dti.appraisals.services import save_explanation, submit_explanations
from dti.audit.models import AuditEvent
from dti.campaigns.models import Phase, PhaseTransition
from dti.campaigns.services import CampaignError, move_phase
from tests.appraisals.explanation_helpers import adjusted_cycle

pytestmark = pytest.mark.django_db

REASON = "Hội đồng họp sớm theo chỉ đạo của UBND"


@pytest.fixture
def cycle():
    """SCT's 1.1 and SYT's 1.2 adjusted; SCT has explained and signed off, SYT not yet; the
    explanation deadline is days away."""
    cycle = adjusted_cycle(Phase.EXPLANATION)
    save_explanation(cycle.response("SCT", "1.1"), "Bổ sung biên bản", cycle.staff["SCT"])
    submit_explanations(cycle.assessment("SCT"), cycle.leaders["SCT"])
    return cycle


def phase_of(cycle) -> str:
    cycle.campaign.refresh_from_db()
    return cycle.campaign.phase


def test_moving_on_early_is_refused_naming_the_agencies_that_may_still_explain(cycle):
    with translation.override("en"), pytest.raises(CampaignError) as refused:
        move_phase(cycle.campaign, Phase.APPRAISAL_2, cycle.coordinator)
    assert refused.value.confirmable is True
    warning, how = refused.value.problems
    assert warning.startswith(
        "1 agency(ies) with adjusted indicators have not filed their explanations and may "
        "still do so (explanation deadline: "
    )
    assert warning.endswith("): Sở Y tế.")
    assert how == "To move on anyway, tick “Move on anyway” and give the reason in the note."
    assert phase_of(cycle) == Phase.EXPLANATION


def test_the_coordinator_confirms_with_a_reason_on_the_campaign_page(client, settings, cycle):
    client.force_login(cycle.coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    detail = reverse("campaigns:detail", kwargs={"pk": cycle.campaign.pk})
    move = reverse("campaigns:move_phase", kwargs={"pk": cycle.campaign.pk})
    assert 'name="confirm"' not in client.get(detail).content.decode()

    client.post(move, {"to_phase": Phase.APPRAISAL_2, "note": ""})
    page = client.get(detail)
    assert "Sở Y tế" in page.content.decode()
    assert 'name="confirm"' in page.content.decode()  # offered once the move was refused
    client.post(move, {"to_phase": Phase.APPRAISAL_2, "note": " ", "confirm": "on"})
    assert phase_of(cycle) == Phase.EXPLANATION  # a confirmation needs its reason

    client.post(move, {"to_phase": Phase.APPRAISAL_2, "note": REASON, "confirm": "on"})
    assert phase_of(cycle) == Phase.APPRAISAL_2
    assert PhaseTransition.objects.get(to_phase=Phase.APPRAISAL_2).note == REASON
    event = AuditEvent.objects.get(action="campaign.phase", after__phase=Phase.APPRAISAL_2)
    assert event.reason == REASON
    assert "Sở Y tế" in event.after["confirmed_warnings"][0]


def test_no_confirmation_is_needed_once_every_adjusted_agency_has_filed(cycle):
    save_explanation(cycle.response("SYT", "1.2"), "Bổ sung biên bản", cycle.staff["SYT"])
    submit_explanations(cycle.assessment("SYT"), cycle.leaders["SYT"])
    move_phase(cycle.campaign, Phase.APPRAISAL_2, cycle.coordinator)
    assert phase_of(cycle) == Phase.APPRAISAL_2


def test_no_confirmation_is_needed_after_the_deadline(cycle):
    cycle.close_explanations()
    move_phase(cycle.campaign, Phase.APPRAISAL_2, cycle.coordinator)
    assert phase_of(cycle) == Phase.APPRAISAL_2
