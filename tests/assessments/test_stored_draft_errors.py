"""Reopening an indicator whose saved draft has mistakes shows each mistake next to its field."""

import re

import pytest
from django.urls import reverse

from dti.agencies.models import Role
from tests.assessments.helpers import FULL_ANSWERS, open_deadlines
from tests.factories import make_agency, make_campaign, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment():
    return make_campaign([make_agency("SYT")], deadlines=open_deadlines()).assessments.get()


@pytest.fixture
def staff(assessment, client):
    user = make_user(Role.AGENCY_STAFF, assessment.agency)
    client.force_login(user)
    return user


def indicator_url(assessment, code):
    return reverse("assessments:indicator", args=[assessment.pk, code])


def field_block(html: str, code: str) -> str:
    """The wrapper of one input on the page: label, input and its error box."""
    match = re.search(
        rf'<div class="field[^"]*" data-field="{code}">.*?aria-live="polite">.*?</div>', html, re.S
    )
    assert match, f"no field {code} on the page"
    return match.group(0)


def test_a_saved_value_that_is_not_a_number_is_shown_with_its_error_on_reopening(
    client, assessment, staff
):
    client.post(indicator_url(assessment, "1.1"), {"meetings": "bốn", "note": ""})

    page = client.get(indicator_url(assessment, "1.1"))

    assert page.context["form"].errors["meetings"] == [
        "Hãy nhập số nguyên: “bốn” không phải là số."
    ]
    block = field_block(page.content.decode(), "meetings")
    assert 'class="field field--error"' in block
    assert 'value="bốn"' in block
    assert '<p class="field__error">Hãy nhập số nguyên: “bốn” không phải là số.</p>' in block


def test_a_saved_pair_that_breaks_a_constraint_shows_the_error_at_its_field(
    client, assessment, staff
):
    client.post(indicator_url(assessment, "1.2"), {"chaired": "5", "total": "4", "note": ""})

    html = client.get(indicator_url(assessment, "1.2")).content.decode()

    assert "field__error" in field_block(html, "chaired")
    assert "field__error" not in field_block(html, "total")


def test_a_valid_saved_draft_is_shown_without_errors(client, assessment, staff):
    client.post(indicator_url(assessment, "1.2"), {**FULL_ANSWERS["1.2"], "note": ""})

    page = client.get(indicator_url(assessment, "1.2"))

    assert not page.context["form"].errors
    assert "field--error" not in page.content.decode()


def test_an_indicator_never_answered_is_shown_without_errors(client, assessment, staff):
    page = client.get(indicator_url(assessment, "2.1"))
    assert not page.context["form"].errors
