"""The agency leader signs off the explanations; staff cannot; afterwards nothing changes."""

import pytest
from django.urls import reverse

from dti.appraisals.models import Explanation
from dti.appraisals.services import save_explanation
from dti.assessments.evidence import add_link_evidence
from dti.assessments.models import Evidence, EvidenceStage
from dti.campaigns.models import Phase
from tests.appraisals.explanation_helpers import adjusted_cycle
from tests.assessments.evidence_helpers import MINIMAL_PDF, upload, use_temporary_storage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def storage_dir(settings, tmp_path):
    return use_temporary_storage(settings, tmp_path / "media")


@pytest.fixture(autouse=True)
def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def messages_of(page):
    return [str(message) for message in page.context["messages"]]


@pytest.fixture
def cycle():
    cycle = adjusted_cycle(Phase.EXPLANATION)
    response = cycle.response("SCT", "1.1")
    save_explanation(response, "Bổ sung biên bản họp tháng 10", cycle.staff["SCT"])
    add_link_evidence(
        response,
        "https://example.gov.vn/bb",
        "Biên bản",
        cycle.staff["SCT"],
        stage=EvidenceStage.EXPLANATION,
    )
    return cycle


@pytest.fixture
def sign_off_url(cycle):
    return reverse("appraisals:submit_explanations", args=[cycle.assessment("SCT").pk])


def test_the_leader_reviews_what_will_be_signed_off(client, cycle, sign_off_url):
    client.force_login(cycle.leaders["SCT"])
    page = client.get(sign_off_url)
    assert page.status_code == 200
    assert [line.indicator.code for line in page.context["results"].explained] == ["1.1"]


def test_the_leader_signs_off(client, cycle, sign_off_url):
    client.force_login(cycle.leaders["SCT"])
    page = client.post(sign_off_url, follow=True)
    assert page.redirect_chain[-1][1] == 302
    assert messages_of(page) == [
        "The explanation of 1 indicator is signed off and sent to the appraisers."
    ]
    assessment = cycle.assessment("SCT")
    assert assessment.explanation_submitted_by == cycle.leaders["SCT"]
    assert assessment.explanation_submitted_at is not None
    page = client.get(reverse("appraisals:agency_results", args=[assessment.pk]))
    assert page.context["results"].explanation_state == "signed_off"
    assert page.context["can_explain"] is False


def test_staff_cannot_sign_off(client, cycle, sign_off_url):
    client.force_login(cycle.staff["SCT"])
    assert client.get(sign_off_url).status_code == 403
    assert client.post(sign_off_url).status_code == 403
    assert cycle.assessment("SCT").explanation_submitted_at is None


def test_nothing_to_sign_off_is_a_clear_refusal(client, cycle):
    client.force_login(cycle.leaders["SYT"])
    url = reverse("appraisals:submit_explanations", args=[cycle.assessment("SYT").pk])
    page = client.post(url)
    assert page.status_code == 200
    assert messages_of(page) == [
        "The explanations were not submitted: There is no explanation to submit; an agency "
        "that explains nothing keeps its round-1 result."
    ]
    assert cycle.assessment("SYT").explanation_submitted_at is None


def test_after_the_sign_off_nothing_can_change(client, cycle, sign_off_url):
    client.force_login(cycle.leaders["SCT"])
    client.post(sign_off_url, follow=True)
    assessment = cycle.assessment("SCT")
    evidence = Evidence.objects.get(stage=EvidenceStage.EXPLANATION)
    client.force_login(cycle.staff["SCT"])

    page = client.post(
        reverse("appraisals:explain", args=[assessment.pk, "1.1"]), {"text": "Sửa sau khi ký"}
    )
    assert page.status_code == 200
    assert messages_of(page) == ["Not saved: The explanations have been submitted."]
    assert "Sửa sau khi ký" in page.content.decode()  # kept on screen, not saved
    assert page.context["editable"] is False
    client.post(
        reverse("appraisals:explain_evidence", args=[assessment.pk, "1.1"]),
        {"file": upload("muon.pdf", MINIMAL_PDF)},
    )
    client.post(reverse("appraisals:explain_evidence_delete", args=[assessment.pk, evidence.pk]))
    client.force_login(cycle.leaders["SCT"])
    client.post(sign_off_url)

    assert Explanation.objects.get().text == "Bổ sung biên bản họp tháng 10"
    assert list(Evidence.objects.filter(stage=EvidenceStage.EXPLANATION)) == [evidence]
    assert cycle.assessment("SCT").explanation_submitted_at == assessment.explanation_submitted_at


def test_the_signed_off_explanation_page_is_read_only(client, cycle, sign_off_url):
    client.force_login(cycle.leaders["SCT"])
    client.post(sign_off_url)
    page = client.get(reverse("appraisals:explain", args=[cycle.assessment("SCT").pk, "1.1"]))
    content = page.content.decode()
    assert page.context["editable"] is False
    assert "<textarea" not in content
    assert 'name="file"' not in content
    assert "Bổ sung biên bản họp tháng 10" in content
