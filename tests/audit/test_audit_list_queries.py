"""The audit trail page costs the same number of queries for 3 or 60 events."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dti.agencies.models import Role
from tests.audit.helpers import make_event
from tests.factories import make_agency, make_user

pytestmark = pytest.mark.django_db


def add_events(count: int) -> None:
    """Events by different actors, about different agencies and objects, with before / after."""
    for number in range(count):
        agency = make_agency()
        make_event(
            actor=make_user(Role.AGENCY_STAFF, agency=agency),
            agency=agency,
            action=("response.save", "assessment.submit", "campaign.phase")[number % 3],
            object_type=("assessments.response", "assessments.assessment")[number % 2],
            object_id=str(number + 1),
            before={"values": {"meetings": number}},
            after={"values": {"meetings": number + 1}},
            reason=f"reason {number}",
        )


def queries_for_the_list(client, **query) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("audit:list"), query)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("query", [{}, {"user": "user", "reason": "reason"}])
def test_query_count_does_not_grow_with_the_number_of_events(client, query):
    client.force_login(make_user(Role.COORDINATOR))
    client.get(reverse("audit:list"))  # the session's first request does one-off writes
    add_events(3)
    few = queries_for_the_list(client, **query)
    add_events(57)
    many = queries_for_the_list(client, **query)
    assert many == few
