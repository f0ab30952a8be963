"""An agency's explanation and its supplementary evidence are its own draft until its leader
signs them off: before, the appraisers, the working group, the coordinator and the council see
neither (the item says the agency has not filed an explanation, the files are not served);
once signed off, they all do."""

import pytest
from django.conf import settings
from django.urls import reverse

from dti.appraisals.services import save_explanation, submit_explanations
from dti.assessments.evidence import add_file_evidence
from dti.assessments.models import EvidenceStage
from dti.campaigns.models import Phase
from tests.appraisals.appraiser_helpers import item_url
from tests.appraisals.explanation_helpers import adjusted_cycle
from tests.assessments.evidence_helpers import MINIMAL_PDF, upload, use_temporary_storage

pytestmark = pytest.mark.django_db

EXPLANATION_TEXT = "Bổ sung biên bản họp tháng 10"
NOT_FILED = "The agency has not filed an explanation."
READERS = ("appraiser", "working_group", "coordinator")


@pytest.fixture
def cycle(settings, tmp_path):
    """SCT's 1.1 (appraised by SKHCN) was cut in round 1; in the explanation phase SCT's staff
    write an explanation; the leader has not signed off yet."""
    use_temporary_storage(settings, tmp_path)
    cycle = adjusted_cycle(Phase.EXPLANATION)
    save_explanation(cycle.response("SCT", "1.1"), EXPLANATION_TEXT, cycle.staff["SCT"])
    return cycle


@pytest.fixture
def download_url(cycle):
    """Where the PDF that SCT's staff attach to the explanation is downloaded."""
    evidence = add_file_evidence(
        cycle.response("SCT", "1.1"),
        upload("bien-ban-bo-sung.pdf", MINIMAL_PDF),
        "Biên bản bổ sung",
        cycle.staff["SCT"],
        stage=EvidenceStage.EXPLANATION,
    )
    return reverse("assessments:evidence_download", args=[evidence.pk])


def reader(cycle, who):
    return cycle.appraisers["SKHCN"] if who == "appraiser" else getattr(cycle, who)


def item_page(client, cycle, user, round_number=1):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(item_url(cycle.appraisal("SCT", "1.1", round_number)))
    assert page.status_code == 200
    return page


def council_agency_page(client, cycle, user):
    client.force_login(user)
    page = client.get(
        reverse(
            "appraisals:council_agency",
            kwargs={"campaign_id": cycle.campaign.pk, "assessment_id": cycle.assessment("SCT").pk},
        )
    )
    assert page.status_code == 200
    groups = page.context["results"].groups
    lines = {line.code: line for group in groups for line in group.indicators}
    return lines["1.1"], page.content.decode()


def sign_off(cycle):
    submit_explanations(cycle.assessment("SCT"), cycle.leaders["SCT"])


@pytest.mark.parametrize("who", READERS)
def test_an_explanation_not_signed_off_is_not_shown_on_the_item(client, cycle, download_url, who):
    page = item_page(client, cycle, reader(cycle, who))
    detail = page.context["detail"]
    assert detail.explanation is None
    assert detail.explanation_evidence == []
    html = page.content.decode()
    assert EXPLANATION_TEXT not in html
    assert download_url not in html
    assert NOT_FILED in html


@pytest.mark.parametrize("who", READERS)
def test_a_signed_off_explanation_is_shown_on_the_item_with_its_evidence(
    client, cycle, download_url, who
):
    sign_off(cycle)
    page = item_page(client, cycle, reader(cycle, who))
    detail = page.context["detail"]
    assert detail.explanation.text == EXPLANATION_TEXT
    assert [item.title for item in detail.explanation_evidence] == ["Biên bản bổ sung"]
    html = page.content.decode()
    assert EXPLANATION_TEXT in html
    assert f'href="{download_url}"' in html
    assert NOT_FILED not in html


def test_its_evidence_file_is_served_to_the_agency_only_until_the_sign_off(
    client, cycle, download_url
):
    client.force_login(cycle.staff["SCT"])
    assert client.get(download_url).status_code == 200
    for user in (cycle.appraisers["SKHCN"], cycle.working_group, cycle.coordinator):
        client.force_login(user)
        assert client.get(download_url).status_code == 404
    sign_off(cycle)
    for user in (cycle.appraisers["SKHCN"], cycle.working_group, cycle.coordinator):
        client.force_login(user)
        assert client.get(download_url).status_code == 200


def test_an_explanation_never_signed_off_stays_hidden_in_round_two_and_from_the_council(
    client, cycle
):
    cycle.close_explanations()
    cycle.move(Phase.APPRAISAL_2)
    page = item_page(client, cycle, cycle.appraisers["SKHCN"])
    assert page.context["detail"].explanation is None
    assert EXPLANATION_TEXT not in page.content.decode()
    assert NOT_FILED in page.content.decode()
    cycle.accept_all(2)
    cycle.move(Phase.COUNCIL)
    for user in (cycle.council[0], cycle.working_group):
        line, html = council_agency_page(client, cycle, user)
        assert line.explanation == ""
        assert EXPLANATION_TEXT not in html


def test_a_signed_off_explanation_is_shown_in_round_two_and_to_the_council(client, cycle):
    sign_off(cycle)
    cycle.close_explanations()  # SYT, which filed nothing, may not any more
    cycle.move(Phase.APPRAISAL_2)
    page = item_page(client, cycle, cycle.appraisers["SKHCN"], round_number=2)
    assert page.context["detail"].explanation.text == EXPLANATION_TEXT
    cycle.accept_all(2)
    cycle.move(Phase.COUNCIL)
    line, html = council_agency_page(client, cycle, cycle.council[0])
    assert line.explanation == EXPLANATION_TEXT
    assert EXPLANATION_TEXT in html
