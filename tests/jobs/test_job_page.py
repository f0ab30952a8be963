"""A job's own page: who may follow it, and a heading that says what state it is in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dti.agencies.models import Role
from tests.factories import make_user

from .helpers import failed_job, finished_job, running_job

pytestmark = pytest.mark.django_db


def heading(response) -> str:
    html = response.content.decode()
    start = html.index("<h1")
    return html[html.index(">", start) + 1 : html.index("</h1>")]


def test_a_finished_job_says_the_file_is_ready_not_that_it_is_being_prepared(client):
    coordinator = make_user(Role.COORDINATOR)
    client.force_login(coordinator)
    job = finished_job(coordinator, kind="results_workbook", name="ket-qua.xlsx")
    response = client.get(reverse("jobs:detail", args=[job.pk]))
    assert heading(response) == "Tệp đã sẵn sàng"
    assert "ket-qua.xlsx</span></a>" in response.content.decode()


def test_a_running_job_says_its_file_is_being_prepared(client):
    coordinator = make_user(Role.COORDINATOR)
    client.force_login(coordinator)
    response = client.get(reverse("jobs:detail", args=[running_job(coordinator).pk]))
    assert heading(response) == "Đang chuẩn bị tệp"
    assert "40 %" in response.content.decode()


def test_a_failed_job_says_its_file_could_not_be_prepared(client):
    coordinator = make_user(Role.COORDINATOR)
    client.force_login(coordinator)
    response = client.get(reverse("jobs:detail", args=[failed_job(coordinator).pk]))
    assert heading(response) == "Không chuẩn bị được tệp"


def test_the_coordinator_follows_and_downloads_a_job_somebody_else_or_cron_started(client):
    client.force_login(make_user(Role.COORDINATOR))
    for job in (finished_job(None), finished_job(make_user(Role.WORKING_GROUP))):
        assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 200
        status = client.get(reverse("jobs:status", args=[job.pk])).json()
        assert (status["done"], status["file"]) == (True, "nhac-viec.csv")
        assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 200


def test_other_users_see_only_their_own_jobs(client):
    member = make_user(Role.WORKING_GROUP)
    own = finished_job(member)
    client.force_login(member)
    assert client.get(reverse("jobs:download", args=[own.pk])).status_code == 200
    for job in (finished_job(None), finished_job(make_user(Role.COORDINATOR))):
        for name in ("jobs:detail", "jobs:status", "jobs:download"):
            assert client.get(reverse(name, args=[job.pk])).status_code == 404, name
