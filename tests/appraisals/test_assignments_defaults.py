"""“Assign the defaults” takes each indicator's appraising units from the framework file."""

import pytest
from django.conf import settings
from django.urls import reverse

from dti.audit.models import AuditEvent
from tests.appraisals.assignments_helpers import build_setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(client):
    setup = build_setup()
    client.force_login(setup.coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return setup


def assign_defaults(client, setup):
    return client.post(
        reverse("appraisals:assignments_defaults", args=[setup.framework.pk]), follow=True
    )


def test_defaults_are_the_appraising_units_named_in_the_framework_file(client, setup):
    response = assign_defaults(client, setup)
    assert response.redirect_chain == [
        (reverse("appraisals:assignments", args=[setup.framework.pk]), 302)
    ]
    # 1.2 names no unit and 2.2 names NOPE, which is no appraising unit.
    assert setup.saved_plan() == {"1.1": ["SKHCN"], "2.1": ["SKHCN", "VPUB"]}
    event = AuditEvent.objects.get(action="assignment.defaults")
    assert event.after == {"created": 3}


def test_the_message_says_how_many_were_created_and_which_codes_were_not_found(client, setup):
    response = assign_defaults(client, setup)
    texts = [str(message) for message in response.context["messages"]]
    assert texts == [
        "3 assignments were created from the framework file.",
        "The framework file names units that are not appraising units here: NOPE.",
    ]


def test_defaults_add_to_existing_assignments_without_duplicating_them(client, setup):
    setup.assign({"1.1": ["SKHCN"], "1.2": ["VPUB"]})
    response = assign_defaults(client, setup)
    assert setup.saved_plan() == {"1.1": ["SKHCN"], "1.2": ["VPUB"], "2.1": ["SKHCN", "VPUB"]}
    texts = [str(message) for message in response.context["messages"]]
    assert texts[0] == "2 assignments were created from the framework file."


def test_defaults_are_only_assigned_by_post(client, setup):
    response = client.get(reverse("appraisals:assignments_defaults", args=[setup.framework.pk]))
    assert response.status_code == 405
    assert setup.saved_plan() == {}
