"""Past the explanation deadline nothing can be explained, attached or removed, and the page
says why."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dti.appraisals.models import Explanation
from dti.appraisals.services import save_explanation
from dti.assessments.evidence import add_link_evidence
from dti.assessments.models import Evidence, EvidenceStage
from dti.campaigns.models import Phase, PhaseDeadline
from tests.appraisals.explanation_helpers import adjusted_cycle

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def cycle():
    cycle = adjusted_cycle(Phase.EXPLANATION)
    response = cycle.response("SCT", "1.1")
    save_explanation(response, "Giải trình trước hạn", cycle.staff["SCT"])
    add_link_evidence(
        response,
        "https://example.gov.vn/bb",
        "",
        cycle.staff["SCT"],
        stage=EvidenceStage.EXPLANATION,
    )
    PhaseDeadline.objects.filter(campaign=cycle.campaign, phase=Phase.EXPLANATION).update(
        due_at=timezone.now() - datetime.timedelta(hours=1)
    )
    return cycle


def messages_of(page):
    return [str(message) for message in page.context["messages"]]


def test_an_explanation_after_the_deadline_is_refused_and_kept_on_screen(client, cycle):
    client.force_login(cycle.staff["SCT"])
    url = reverse("appraisals:explain", args=[cycle.assessment("SCT").pk, "1.1"])
    page = client.post(url, {"text": "Giải trình muộn"})
    assert page.status_code == 200
    assert "Giải trình muộn" in page.content.decode()
    assert messages_of(page) == ["Not saved: The explanation deadline has passed."]
    assert Explanation.objects.get().text == "Giải trình trước hạn"


def test_evidence_after_the_deadline_is_neither_added_nor_removed(client, cycle):
    client.force_login(cycle.staff["SCT"])
    assessment = cycle.assessment("SCT")
    evidence = Evidence.objects.get(stage=EvidenceStage.EXPLANATION)
    page = client.post(
        reverse("appraisals:explain_evidence", args=[assessment.pk, "1.1"]),
        {"url": "https://example.gov.vn/muon", "title": "Muộn"},
    )
    assert page.context["evidence_values"] == {
        "url": "https://example.gov.vn/muon",
        "title": "Muộn",
    }
    assert messages_of(page) == ["Nothing was attached. The explanation deadline has passed."]
    assert "https://example.gov.vn/muon" in page.content.decode()
    client.post(reverse("appraisals:explain_evidence_delete", args=[assessment.pk, evidence.pk]))
    page = client.get(reverse("appraisals:explain", args=[assessment.pk, "1.1"]))
    assert messages_of(page) == [
        f"“{evidence}” was not deleted: The explanation deadline has passed."
    ]
    assert list(Evidence.objects.filter(stage=EvidenceStage.EXPLANATION)) == [evidence]


def test_the_leader_cannot_sign_off_after_the_deadline(client, cycle):
    client.force_login(cycle.leaders["SCT"])
    page = client.post(reverse("appraisals:submit_explanations", args=[cycle.assessment("SCT").pk]))
    assert page.status_code == 200
    assert messages_of(page) == [
        "The explanations were not submitted: The explanation deadline has passed."
    ]
    assert cycle.assessment("SCT").explanation_submitted_at is None


def test_the_results_page_says_the_window_is_closed_and_offers_only_to_view(client, cycle):
    client.force_login(cycle.staff["SCT"])
    assessment = cycle.assessment("SCT")
    page = client.get(reverse("appraisals:agency_results", args=[assessment.pk]))
    assert page.context["results"].window.open is False
    assert page.context["can_explain"] is False
    assert page.context["results"].days_left <= 0
    assert reverse("appraisals:explain", args=[assessment.pk, "1.1"]) in page.content.decode()
    assert "The explanation deadline has passed." in page.content.decode()
