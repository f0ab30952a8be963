"""An appraiser opens the file evidence of an item of its department from the item page, in the
browser (inline); another department's appraiser is refused."""

import pytest
from django.urls import reverse

from dti.assessments.evidence import add_file_evidence
from dti.assessments.models import EvidenceStage
from dti.campaigns.models import Phase
from tests.appraisals.appraiser_helpers import item_url
from tests.appraisals.explanation_helpers import adjusted_cycle
from tests.assessments.evidence_helpers import MINIMAL_PDF, upload, use_temporary_storage

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle_with_a_pdf(settings, tmp_path):
    """SCT explains its adjusted 1.1 (appraised by SKHCN) with a PDF in the explanation phase."""
    use_temporary_storage(settings, tmp_path)
    cycle = adjusted_cycle(Phase.EXPLANATION)
    evidence = add_file_evidence(
        cycle.response("SCT", "1.1"),
        upload("bien-ban-bo-sung.pdf", MINIMAL_PDF),
        "Biên bản bổ sung",
        cycle.staff["SCT"],
        stage=EvidenceStage.EXPLANATION,
    )
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
