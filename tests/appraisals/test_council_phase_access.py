"""Council members read the results only once the council is asked: before the council phase
(and while a reopened campaign is corrected) the council pages are not found for them; from the
council phase on they are. The coordinator and the working group, who consolidate the
appraisals, read them in any phase."""

import pytest
from django.urls import reverse

from dti.campaigns.models import Phase
from dti.results.services import reopen_campaign
from tests.appraisals.cycle import build_cycle

pytestmark = pytest.mark.django_db

BEFORE_THE_COUNCIL = [Phase.APPRAISAL_1, Phase.RESULTS_SENT, Phase.EXPLANATION, Phase.APPRAISAL_2]
FROM_THE_COUNCIL_ON = [Phase.COUNCIL, Phase.FINALIZED, Phase.PUBLISHED]


def in_phase(phase):
    cycle = build_cycle()
    if phase != Phase.APPRAISAL_1:
        cycle.accept_all(1)
        cycle.move(phase)
        cycle.accept_all(2)
    return cycle


def council_pages(cycle) -> list[str]:
    campaign_id = cycle.campaign.pk
    return [
        reverse("appraisals:council", kwargs={"campaign_id": campaign_id}),
        reverse("appraisals:council", kwargs={"campaign_id": campaign_id}) + "?tier=department",
        reverse(
            "appraisals:council_agency",
            kwargs={"campaign_id": campaign_id, "assessment_id": cycle.assessment("SCT").pk},
        ),
    ]


def statuses(client, user, cycle) -> list[int]:
    client.force_login(user)
    return [client.get(url).status_code for url in council_pages(cycle)]


@pytest.mark.parametrize("phase", BEFORE_THE_COUNCIL)
def test_a_council_member_finds_no_council_page_before_the_council_is_asked(client, phase):
    cycle = in_phase(phase)
    assert statuses(client, cycle.council[0], cycle) == [404, 404, 404]


@pytest.mark.parametrize("phase", FROM_THE_COUNCIL_ON)
def test_a_council_member_reads_the_council_pages_from_the_council_phase_on(client, phase):
    cycle = in_phase(phase)
    assert statuses(client, cycle.council[0], cycle) == [200, 200, 200]


@pytest.mark.parametrize("who", ["coordinator", "working_group"])
def test_the_coordinator_and_the_working_group_read_them_during_round_one(client, who):
    cycle = in_phase(Phase.APPRAISAL_1)
    assert statuses(client, getattr(cycle, who), cycle) == [200, 200, 200]


def test_while_a_reopened_campaign_is_corrected_council_members_wait_to_be_asked_again(client):
    cycle = in_phase(Phase.FINALIZED)
    reopen_campaign(cycle.campaign, "Sửa điểm chỉ số 1.1", cycle.coordinator)
    assert statuses(client, cycle.council[0], cycle) == [404, 404, 404]
    assert statuses(client, cycle.working_group, cycle) == [200, 200, 200]
    cycle.move(Phase.COUNCIL)
    assert statuses(client, cycle.council[0], cycle) == [200, 200, 200]
