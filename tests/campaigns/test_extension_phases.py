"""An extension is granted only in a phase with agency work that it keeps open: the
self-assessment, and the explanations (from the sending of the round-1 results to the
explanation deadline). In any other phase it is refused with the reason, and the pages offer
no link to grant one."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dti.agencies.models import Role, Tier
from dti.appraisals.services import explanation_window
from dti.assessments.models import Assessment
from dti.audit.models import AuditEvent
from dti.campaigns.models import Extension, Phase
from dti.campaigns.services import CampaignError, default_deadlines, grant_extension
from tests.factories import make_agency, make_campaign, make_user

pytestmark = pytest.mark.django_db

PHASES_WITHOUT_AGENCY_WORK = [
    Phase.PREPARATION,
    Phase.APPRAISAL_1,
    Phase.APPRAISAL_2,
    Phase.COUNCIL,
    Phase.FINALIZED,
    Phase.PUBLISHED,
]


@pytest.fixture
def coordinator():
    return make_user(Role.COORDINATOR)


def past_deadlines() -> dict:
    """Every deadline of the campaign a week ago: only an extension could reopen the work."""
    week_ago = timezone.now() - datetime.timedelta(days=7)
    return {phase: week_ago for phase in default_deadlines(timezone.localdate().year)}


def assessment_in(phase: str, coordinator) -> Assessment:
    agency = make_agency("SCT", Tier.DEPARTMENT, name="Sở Công Thương")
    campaign = make_campaign([agency], phase=phase, by=coordinator, deadlines=past_deadlines())
    return campaign.assessments.get()


def in_days(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


@pytest.mark.parametrize("phase", PHASES_WITHOUT_AGENCY_WORK)
def test_an_extension_in_a_phase_without_agency_work_is_refused_with_the_phase_named(
    coordinator, phase
):
    assessment = assessment_in(phase, coordinator)

    with pytest.raises(CampaignError) as refused:
        grant_extension(assessment, until=in_days(3), reason="Sự cố mạng", by=coordinator)

    assert refused.value.problems == [
        f"Không thể gia hạn trong giai đoạn “{Phase(phase).label}”: trong giai đoạn này các cơ "
        "quan không có việc phải nộp. Chỉ gia hạn được trong giai đoạn tự đánh giá và giai đoạn "
        "giải trình."
    ]
    assert not Extension.objects.exists()
    assert not AuditEvent.objects.filter(action="assessment.extension").exists()


@pytest.mark.parametrize("phase", [Phase.RESULTS_SENT, Phase.EXPLANATION])
def test_an_extension_in_the_explanation_phases_reopens_the_explanations_after_the_deadline(
    coordinator, phase
):
    assessment = assessment_in(phase, coordinator)
    assert not explanation_window(assessment).open

    grant_extension(assessment, until=in_days(3), reason="Sự cố mạng", by=coordinator)

    assessment = Assessment.objects.prefetch_related("extensions").get(pk=assessment.pk)
    assert explanation_window(assessment).open


def test_the_extension_page_of_a_phase_without_agency_work_says_why_and_has_no_form(
    client, coordinator
):
    assessment = assessment_in(Phase.APPRAISAL_1, coordinator)
    client.force_login(coordinator)
    url = reverse("campaigns:extension", args=[assessment.campaign_id, assessment.pk])

    page = client.get(url).content.decode()
    assert "Không thể gia hạn trong giai đoạn “Thẩm định lần 1”" in page
    assert "<form" not in page.split("<main", 1)[1]

    posted = client.post(url, {"until": in_days(3).strftime("%d/%m/%Y"), "reason": "Sự cố"})
    assert posted.status_code == 200
    assert posted.context["problems"][0].startswith("Không thể gia hạn trong giai đoạn")
    assert not Extension.objects.exists()


@pytest.mark.parametrize(
    ("phase", "offered"),
    [
        (Phase.SELF_ASSESSMENT, True),
        (Phase.RESULTS_SENT, True),
        (Phase.EXPLANATION, True),
        *[(phase, False) for phase in PHASES_WITHOUT_AGENCY_WORK],
    ],
)
def test_the_campaign_page_offers_to_grant_an_extension_only_in_a_phase_with_agency_work(
    client, coordinator, phase, offered
):
    assessment = assessment_in(phase, coordinator)
    client.force_login(coordinator)

    page = client.get(reverse("campaigns:detail", args=[assessment.campaign_id])).content.decode()

    url = reverse("campaigns:extension", args=[assessment.campaign_id, assessment.pk])
    assert (url in page) is offered


@pytest.mark.parametrize(
    ("phase", "offered"),
    [(Phase.SELF_ASSESSMENT, True), (Phase.EXPLANATION, False), (Phase.APPRAISAL_1, False)],
)
def test_the_overdue_list_offers_an_extension_only_while_the_self_assessment_runs(
    client, coordinator, phase, offered
):
    assessment = assessment_in(phase, coordinator)  # a draft past its deadline: overdue
    client.force_login(coordinator)

    page = client.get(reverse("campaigns:dashboard", args=[assessment.campaign_id]))

    assert [row.assessment for row in page.context["dashboard"].overdue] == [assessment]
    url = reverse("campaigns:extension", args=[assessment.campaign_id, assessment.pk])
    assert (url in page.content.decode()) is offered
