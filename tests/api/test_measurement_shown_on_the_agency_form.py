"""After a client writes a measurement through the API, the agency's own indicator page shows
where the value comes from: measured automatically, the client and the source it named, and
when it was measured — in Vietnamese and in English."""

import datetime

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from dti.agencies.models import Role
from tests.factories import make_user

from .helpers import MEASUREMENT, put

MEASURED_AT = datetime.datetime.fromisoformat(MEASUREMENT["measured_at"])


@pytest.fixture
def page(setup, client, settings):
    """The agency's page of indicator 2.2 after the measurement, in the language asked for."""
    assert put(client, setup.url("SCT", "2.2"), MEASUREMENT, setup.token).status_code == 200
    staff = make_user(Role.AGENCY_STAFF, setup.agencies["SCT"])
    assessment = setup.response("SCT", "2.2").assessment
    url = reverse("assessments:indicator", kwargs={"pk": assessment.pk, "code": "2.2"})

    def in_language(language: str) -> str:
        client.force_login(staff)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = client.get(url)
        assert response.status_code == 200
        return response.content.decode()

    return in_language


def shown_time(language: str) -> str:
    with translation.override(language):
        return formats.date_format(timezone.localtime(MEASURED_AT), "SHORT_DATETIME_FORMAT")


def test_the_agency_s_page_says_the_value_was_measured_automatically_by_whom_and_when(page):
    html = page("vi")

    assert "Đo tự động, do Cổng DVC — Cổng DVC quốc gia gửi" in html
    assert f"đo lúc {shown_time('vi')}" in html


def test_the_agency_s_page_in_english_says_the_same(page):
    html = page("en")

    assert "Measured automatically, sent by Cổng DVC — Cổng DVC quốc gia" in html
    assert f"measured at {shown_time('en')}" in html
