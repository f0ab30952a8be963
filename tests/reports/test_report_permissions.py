"""Who may prepare reports (coordinator, working group) and who may not; an agency downloads
only its own scorecard, and only once the results are published."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from dti.campaigns.models import Phase
from dti.jobs.models import Job
from tests.reports.helpers import finalised_cycle

pytestmark = pytest.mark.django_db


def report_urls(cycle):
    return [
        ("get", reverse("results:reports", args=[cycle.campaign.pk])),
        ("post", reverse("results:report_start", args=[cycle.campaign.pk, "workbook"])),
        ("post", reverse("results:report_start", args=[cycle.campaign.pk, "scorecards"])),
    ]


def scorecard_url(cycle, agency_code):
    return reverse("results:own_scorecard", args=[cycle.assessment(agency_code).pk])


@pytest.mark.parametrize("who", ["staff", "leaders", "appraisers", "council"])
def test_others_than_coordinator_and_working_group_get_403_on_the_reports(client, who):
    cycle = finalised_cycle()
    users = getattr(cycle, who)
    client.force_login(users[0] if isinstance(users, list) else next(iter(users.values())))
    for method, url in report_urls(cycle):
        assert getattr(client, method)(url, {"tier": "department"}).status_code == 403, url
    assert not Job.objects.exists()


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    cycle = finalised_cycle()
    for method, url in report_urls(cycle):
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert reverse("login") in response["Location"]


def test_the_working_group_may_open_the_reports_page(client):
    cycle = finalised_cycle()
    client.force_login(cycle.working_group)
    assert client.get(reverse("results:reports", args=[cycle.campaign.pk])).status_code == 200


@pytest.mark.parametrize("who", ["staff", "leaders"])
def test_an_agency_downloads_its_own_scorecard_once_published(client, who):
    cycle = finalised_cycle(Phase.PUBLISHED)
    client.force_login(getattr(cycle, who)["SCT"])
    response = client.get(scorecard_url(cycle, "SCT"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "SCT.pdf" in response["Content-Disposition"]
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Sở Công Thương" in text
    assert "0,7083" in text


def test_an_agency_cannot_download_another_agencys_scorecard(client):
    cycle = finalised_cycle(Phase.PUBLISHED)
    client.force_login(cycle.staff["SCT"])
    assert client.get(scorecard_url(cycle, "SYT")).status_code == 403


def test_the_scorecard_is_not_found_before_publication(client):
    cycle = finalised_cycle(Phase.FINALIZED)
    client.force_login(cycle.staff["SCT"])
    assert client.get(scorecard_url(cycle, "SCT")).status_code == 404


def test_the_own_scorecard_url_is_for_agency_users_only(client):
    cycle = finalised_cycle(Phase.PUBLISHED)
    client.force_login(cycle.coordinator)
    assert client.get(scorecard_url(cycle, "SCT")).status_code == 403
