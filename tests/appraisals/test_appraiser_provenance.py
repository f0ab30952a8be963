"""The item page says where the agency's values come from, as the agency's own form does: an
automatic measurement (which client sent it, when it was measured) or the Excel form."""

import datetime

import pytest
from django.utils import formats, timezone, translation

from dti.assessments.models import Response
from tests.appraisals.appraiser_helpers import item_url
from tests.appraisals.cycle import build_cycle

pytestmark = pytest.mark.django_db

MEASURED_AT = datetime.datetime(2025, 10, 31, 8, 30, tzinfo=datetime.UTC)


@pytest.fixture
def cycle():
    cycle = build_cycle()
    # Stored as the measurement API stores them (the API itself is tested in tests/api).
    Response.objects.filter(pk=cycle.response("SCT", "2.2").pk).update(
        source="api:Cổng dịch vụ công", measured_at=MEASURED_AT
    )
    Response.objects.filter(pk=cycle.response("SCT", "1.1").pk).update(source="excel")
    return cycle


def page_of(client, settings, cycle, agency, code) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(cycle.appraiser_for(code))
    return client.get(item_url(cycle.appraisal(agency, code))).content.decode()


def test_an_automatic_measurement_shows_its_source_and_time(client, settings, cycle):
    html = page_of(client, settings, cycle, "SCT", "2.2")
    with translation.override("en"):
        when = formats.date_format(timezone.localtime(MEASURED_AT), "SHORT_DATETIME_FORMAT")
    assert "Measured automatically, sent by Cổng dịch vụ công" in html
    assert f"measured at {when}" in html


def test_values_from_the_excel_form_say_so(client, settings, cycle):
    assert "Entered through the Excel form" in page_of(client, settings, cycle, "SCT", "1.1")


def test_values_typed_in_the_form_show_no_provenance_line(client, settings, cycle):
    html = page_of(client, settings, cycle, "SYT", "1.1")
    assert 'class="provenance' not in html
