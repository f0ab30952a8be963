"""The coordinator reads the tally of council opinions, finalises the results from it, and can
reopen a finalised campaign for a correction — with a reason that the council page shows."""

import re

import pytest
from django.contrib.messages import constants, get_messages
from django.urls import reverse

from dti.appraisals.models import Verdict
from dti.appraisals.services import submit_opinion
from dti.assessments.models import AssessmentStatus
from dti.audit.models import AuditEvent
from dti.campaigns.models import Phase, Reopening
from dti.results.models import Result
from tests.appraisals.cycle import build_cycle
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle():
    cycle = build_cycle()
    cycle.accept_all(1)
    cycle.move(Phase.APPRAISAL_2)
    cycle.accept_all(2)
    cycle.move(Phase.COUNCIL)
    return cycle


def tally_url(cycle):
    return reverse("appraisals:tally", kwargs={"campaign_id": cycle.campaign.pk})


def reopen_url(cycle):
    return reverse("appraisals:reopen", kwargs={"campaign_id": cycle.campaign.pk})


def finalise_through_the_tally_page(client, cycle):
    """Post the finalise form as the page renders it (action and hidden phase)."""
    page = client.get(tally_url(cycle)).content.decode()
    action = reverse("campaigns:move_phase", kwargs={"pk": cycle.campaign.pk})
    assert f'action="{action}"' in page
    to_phase = re.search(r'name="to_phase" value="([a-z_0-9]+)"', page).group(1)
    return client.post(action, {"to_phase": to_phase, "note": "Theo ý kiến Hội đồng"})


def test_the_tally_counts_verdicts_and_names_who_has_not_answered(client, cycle):
    late = make_user("council_member")
    submit_opinion(cycle.campaign, verdict=Verdict.AGREE, comments="", by=cycle.council[0])
    submit_opinion(
        cycle.campaign,
        verdict=Verdict.DISAGREE,
        comments="Chỉ số 2.1 chưa đúng",
        by=cycle.council[1],
    )
    client.force_login(cycle.coordinator)
    response = client.get(tally_url(cycle))
    assert response.status_code == 200
    assert [count for _label, count in response.context["counts"]] == [1, 0, 1]
    assert response.context["tally"].not_answered == [late]
    html = response.content.decode()
    assert "Chỉ số 2.1 chưa đúng" in html
    assert late.username in html


def test_the_coordinator_finalises_through_the_form(client, cycle):
    client.force_login(cycle.coordinator)
    assert client.get(tally_url(cycle)).context["reopen_form"] is None
    response = finalise_through_the_tally_page(client, cycle)
    assert response.status_code == 302
    cycle.campaign.refresh_from_db()
    assert cycle.campaign.phase == Phase.FINALIZED
    assert sorted(Result.objects.values_list("assessment__agency__code", flat=True)) == [
        "SCT",
        "SYT",
    ]
    assert set(cycle.campaign.assessments.values_list("status", flat=True)) == {
        AssessmentStatus.FINAL
    }
    page = client.get(tally_url(cycle))
    assert page.context["finalise_form"] is None
    assert page.context["reopen_form"] is not None


def test_reopening_with_a_reason_goes_back_to_round_two_and_is_shown(client, cycle):
    cycle.move(Phase.FINALIZED)
    client.force_login(cycle.coordinator)
    response = client.post(reopen_url(cycle), {"reason": "Sửa điểm chỉ số 1.1 của Sở Y tế"})
    assert response.status_code == 302
    assert response["Location"] == reverse("campaigns:detail", kwargs={"pk": cycle.campaign.pk})
    cycle.campaign.refresh_from_db()
    assert cycle.campaign.phase == Phase.APPRAISAL_2
    reopening = Reopening.objects.get(campaign=cycle.campaign)
    assert (reopening.reason, reopening.reopened_by) == (
        "Sửa điểm chỉ số 1.1 của Sở Y tế",
        cycle.coordinator,
    )
    event = AuditEvent.objects.get(action="campaign.reopen")
    assert (event.actor, event.reason) == (cycle.coordinator, "Sửa điểm chỉ số 1.1 của Sở Y tế")

    cycle.move(Phase.COUNCIL)  # the correction is made: the council is asked again
    client.force_login(cycle.council[0])
    council = client.get(reverse("appraisals:council", kwargs={"campaign_id": cycle.campaign.pk}))
    assert list(council.context["reopenings"]) == [reopening]
    assert "Sửa điểm chỉ số 1.1 của Sở Y tế" in council.content.decode()
    client.force_login(cycle.coordinator)
    assert "Sửa điểm chỉ số 1.1 của Sở Y tế" in client.get(tally_url(cycle)).content.decode()


def test_reopening_without_a_reason_is_refused(client, cycle):
    cycle.move(Phase.FINALIZED)
    client.force_login(cycle.coordinator)
    response = client.post(reopen_url(cycle), {"reason": "   "})
    assert response.status_code == 302
    assert response["Location"] == tally_url(cycle)
    assert [message.level for message in get_messages(response.wsgi_request)] == [constants.ERROR]
    cycle.campaign.refresh_from_db()
    assert cycle.campaign.phase == Phase.FINALIZED
    assert not Reopening.objects.exists()


def test_a_campaign_that_is_not_finalised_cannot_be_reopened(client, cycle):
    client.force_login(cycle.coordinator)
    client.post(reopen_url(cycle), {"reason": "Thử"})
    cycle.campaign.refresh_from_db()
    assert cycle.campaign.phase == Phase.COUNCIL
    assert not Reopening.objects.exists()


@pytest.mark.parametrize("who", ["working_group", "council"])
def test_only_the_coordinator_reads_the_tally_and_reopens(client, cycle, who):
    cycle.move(Phase.FINALIZED)
    user = getattr(cycle, who)
    client.force_login(user[0] if isinstance(user, list) else user)
    assert client.get(tally_url(cycle)).status_code == 403
    assert client.post(reopen_url(cycle), {"reason": "Sửa"}).status_code == 403
    cycle.campaign.refresh_from_db()
    assert cycle.campaign.phase == Phase.FINALIZED
