"""Reports are made from frozen results only: before finalisation the page says so and a
request to start one is refused with a message, and no job is created."""

import pytest
from django.contrib.messages import constants, get_messages
from django.urls import reverse

from dti.campaigns.models import Phase
from dti.jobs.models import Job
from tests.reports.helpers import finalised_cycle

pytestmark = pytest.mark.django_db


def messages_of(response):
    return [(message.level, str(message)) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("kind", ["workbook", "report", "scorecards"])
def test_starting_a_report_before_finalisation_is_refused_without_a_job(client, kind):
    cycle = finalised_cycle(Phase.COUNCIL)
    client.force_login(cycle.coordinator)
    url = reverse("results:report_start", args=[cycle.campaign.pk, kind])
    response = client.post(url, {"tier": "department"})
    assert response.status_code == 302
    assert response["Location"] == reverse("results:reports", args=[cycle.campaign.pk])
    assert [level for level, _text in messages_of(response)] == [constants.ERROR]
    assert not Job.objects.exists()


def test_the_page_says_reports_are_not_available_before_finalisation(client):
    cycle = finalised_cycle(Phase.COUNCIL)
    client.force_login(cycle.coordinator)
    page = client.get(reverse("results:reports", args=[cycle.campaign.pk]))
    assert page.status_code == 200
    assert page.context["available"] is False
    start = reverse("results:report_start", args=[cycle.campaign.pk, "workbook"])
    assert start not in page.content.decode()


def test_a_reopened_campaign_has_no_reports_until_it_is_finalised_again(client):
    from dti.results.services import reopen_campaign

    cycle = finalised_cycle()
    reopen_campaign(cycle.campaign, "Sửa điểm", cycle.coordinator)
    client.force_login(cycle.coordinator)
    client.post(reverse("results:report_start", args=[cycle.campaign.pk, "workbook"]))
    assert not Job.objects.exists()


def test_reports_are_available_once_published(client, django_capture_on_commit_callbacks):
    cycle = finalised_cycle(Phase.PUBLISHED)
    client.force_login(cycle.coordinator)
    url = reverse("results:report_start", args=[cycle.campaign.pk, "workbook"])
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(url)
    assert len(queued) == 1  # the job runs once the request's transaction commits
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])


@pytest.mark.parametrize("tier", ["", "commune", "nonsense"])
def test_scorecards_need_a_tier_of_the_campaign(client, tier):
    cycle = finalised_cycle()
    client.force_login(cycle.coordinator)
    url = reverse("results:report_start", args=[cycle.campaign.pk, "scorecards"])
    response = client.post(url, {"tier": tier})
    assert [level for level, _text in messages_of(response)] == [constants.ERROR]
    assert not Job.objects.exists()


def test_an_unknown_report_is_refused(client):
    cycle = finalised_cycle()
    client.force_login(cycle.coordinator)
    response = client.post(reverse("results:report_start", args=[cycle.campaign.pk, "minutes"]))
    assert [level for level, _text in messages_of(response)] == [constants.ERROR]
    assert not Job.objects.exists()
