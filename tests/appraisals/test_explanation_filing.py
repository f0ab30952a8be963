"""Agency staff explain an adjusted indicator and attach supplementary evidence (a file or a
link) through the explanation page; refused input loses nothing."""

import pytest
from django.urls import reverse

from dti.appraisals.models import Explanation
from dti.assessments.models import Evidence, EvidenceKind, EvidenceStage
from dti.audit.models import AuditEvent
from dti.campaigns.models import Phase
from tests.appraisals.explanation_helpers import SCT_REASON, adjusted_cycle
from tests.assessments.evidence_helpers import (
    MINIMAL_PDF,
    WINDOWS_PROGRAM,
    upload,
    use_temporary_storage,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def storage_dir(settings, tmp_path):
    return use_temporary_storage(settings, tmp_path / "media")


@pytest.fixture
def cycle():
    return adjusted_cycle(Phase.EXPLANATION)


@pytest.fixture
def staff_client(client, cycle):
    client.force_login(cycle.staff["SCT"])
    return client


@pytest.fixture
def urls(cycle):
    pk = cycle.assessment("SCT").pk
    return {
        "explain": reverse("appraisals:explain", args=[pk, "1.1"]),
        "evidence": reverse("appraisals:explain_evidence", args=[pk, "1.1"]),
    }


def test_the_explanation_page_starts_with_the_round_one_reason_and_values(staff_client, urls):
    page = staff_client.get(urls["explain"])
    assert page.status_code == 200
    assert SCT_REASON in page.content.decode()
    assert [(row.self_value, row.round_one) for row in page.context["page"].values] == [
        ("4 cuộc", "2 cuộc")
    ]
    assert page.context["editable"] is True


def test_staff_file_an_explanation(staff_client, cycle, urls):
    result = staff_client.post(urls["explain"], {"text": "  Bổ sung biên bản họp tháng 10  "})
    assert result.status_code == 302
    explanation = Explanation.objects.get()
    assert (explanation.response, explanation.text, explanation.updated_by) == (
        cycle.response("SCT", "1.1"),
        "Bổ sung biên bản họp tháng 10",
        cycle.staff["SCT"],
    )
    assert AuditEvent.objects.filter(action="explanation.save").exists()


def test_saving_an_empty_text_withdraws_the_explanation(staff_client, urls):
    staff_client.post(urls["explain"], {"text": "Bổ sung"})
    staff_client.post(urls["explain"], {"text": "   "})
    assert not Explanation.objects.exists()
    assert AuditEvent.objects.filter(action="explanation.withdraw").exists()


def test_a_pdf_is_attached_as_explanation_evidence(staff_client, cycle, urls):
    result = staff_client.post(
        urls["evidence"], {"file": upload("bien-ban-bo-sung.pdf", MINIMAL_PDF), "title": "BB"}
    )
    assert result.status_code == 302
    evidence = Evidence.objects.get(stage=EvidenceStage.EXPLANATION)
    assert (evidence.kind, evidence.original_name, evidence.response) == (
        EvidenceKind.FILE,
        "bien-ban-bo-sung.pdf",
        cycle.response("SCT", "1.1"),
    )
    page = staff_client.get(urls["explain"])
    assert page.context["page"].evidence == [evidence]
    assert evidence not in page.context["page"].self_evidence


def test_a_link_is_attached_as_explanation_evidence(staff_client, urls):
    staff_client.post(urls["evidence"], {"url": "https://example.gov.vn/bb", "title": "Bổ sung"})
    evidence = Evidence.objects.get(stage=EvidenceStage.EXPLANATION)
    assert (evidence.kind, evidence.url, evidence.title) == (
        EvidenceKind.LINK,
        "https://example.gov.vn/bb",
        "Bổ sung",
    )


def test_a_refused_file_says_why_and_keeps_the_typed_title(staff_client, urls, storage_dir):
    page = staff_client.post(
        urls["evidence"], {"file": upload("bien-ban.pdf", WINDOWS_PROGRAM), "title": "Biên bản"}
    )
    assert page.status_code == 200
    (message,) = [str(message) for message in page.context["messages"]]
    assert "bien-ban.pdf" in message
    assert page.context["evidence_values"] == {"url": "", "title": "Biên bản"}
    assert 'value="Biên bản"' in page.content.decode()
    assert not Evidence.objects.filter(stage=EvidenceStage.EXPLANATION).exists()


def test_a_refused_link_keeps_what_was_typed(staff_client, urls):
    page = staff_client.post(urls["evidence"], {"url": "javascript:alert(1)", "title": "Xem"})
    assert page.status_code == 200
    assert page.context["evidence_values"] == {"url": "javascript:alert(1)", "title": "Xem"}
    assert not Evidence.objects.filter(stage=EvidenceStage.EXPLANATION).exists()


def test_an_over_long_explanation_is_refused_and_kept(staff_client, urls):
    text = "x" * 10001
    page = staff_client.post(urls["explain"], {"text": text})
    assert page.status_code == 200
    assert page.context["form"].errors["text"]
    assert page.context["form"]["text"].value() == text
    assert not Explanation.objects.exists()


def test_explanation_evidence_is_deleted_on_the_explanation_page(staff_client, cycle, urls):
    staff_client.post(urls["evidence"], {"url": "https://example.gov.vn/bb"})
    evidence = Evidence.objects.get(stage=EvidenceStage.EXPLANATION)
    delete = reverse(
        "appraisals:explain_evidence_delete", args=[cycle.assessment("SCT").pk, evidence.pk]
    )
    result = staff_client.post(delete)
    assert result.status_code == 302 and result.url == urls["explain"]
    assert not Evidence.objects.filter(pk=evidence.pk).exists()


def test_self_assessment_evidence_cannot_be_deleted_through_the_explanation_page(
    staff_client, cycle
):
    own = Evidence.objects.filter(response=cycle.response("SCT", "1.1")).get()
    delete = reverse(
        "appraisals:explain_evidence_delete", args=[cycle.assessment("SCT").pk, own.pk]
    )
    assert staff_client.post(delete).status_code == 404
    assert Evidence.objects.filter(pk=own.pk).exists()


def test_the_results_page_shows_the_filed_explanation(staff_client, cycle, urls):
    staff_client.post(urls["explain"], {"text": "Bổ sung biên bản"})
    staff_client.post(urls["evidence"], {"url": "https://example.gov.vn/bb"})
    page = staff_client.get(reverse("appraisals:agency_results", args=[cycle.assessment("SCT").pk]))
    results = page.context["results"]
    assert results.explanation_state == "filed"
    assert [
        (line.indicator.code, line.explanation_evidence_count) for line in results.explained
    ] == [("1.1", 1)]
