"""An appraiser opens the file evidence of an item of its department from the item page, in the
browser (inline); another department's appraiser is refused."""

import pytest
from django.urls import reverse

from dti.appraisals.services import save_explanation, submit_explanations
from dti.assessments.evidence import add_file_evidence
from dti.assessments.models import EvidenceStage
from dti.campaigns.models import Phase
from tests.appraisals.appraiser_helpers import item_url
from tests.appraisals.explanation_helpers import adjusted_cycle
from tests.assessments.evidence_helpers import MINIMAL_PDF, upload, use_temporary_storage

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle_with_a_pdf(settings, tmp_path):
    """SCT explains its adjusted 1.1 (appraised by SKHCN) with a PDF in the explanation phase,
    and its leader signs the explanation off (before, nobody outside SCT sees it)."""
    use_temporary_storage(settings, tmp_path)
    cycle = adjusted_cycle(Phase.EXPLANATION)
    response = cycle.response("SCT", "1.1")
    save_explanation(response, "Bổ sung biên bản", cycle.staff["SCT"])
    evidence = add_file_evidence(
        response,
        upload("bien-ban-bo-sung.pdf", MINIMAL_PDF),
        "Biên bản bổ sung",
        cycle.staff["SCT"],
        stage=EvidenceStage.EXPLANATION,
    )
    submit_explanations(cycle.assessment("SCT"), cycle.leaders["SCT"])
    return cycle, evidence


def test_the_assigned_appraiser_opens_the_pdf_inline_from_the_item_page(client, cycle_with_a_pdf):
    cycle, evidence = cycle_with_a_pdf
    download = reverse("assessments:evidence_download", args=[evidence.pk])
    client.force_login(cycle.appraisers["SKHCN"])
    page = client.get(item_url(cycle.appraisal("SCT", "1.1")))
    assert f'href="{download}"' in page.content.decode()
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content) == MINIMAL_PDF


def test_another_departments_appraiser_is_refused(client, cycle_with_a_pdf):
    cycle, evidence = cycle_with_a_pdf
    client.force_login(cycle.appraisers["VPUB"])
    response = client.get(reverse("assessments:evidence_download", args=[evidence.pk]))
    assert response.status_code == 403
