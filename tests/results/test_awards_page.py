"""The award proposals page: the rule form with its errors, the proposals per tier with the
excluded agencies, audited rule changes, and only on final results."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from dti.agencies.models import Role
from dti.audit.models import AuditEvent
from dti.campaigns.models import Phase
from dti.results.models import AwardRule
from dti.results.outcomes import set_award_rule
from tests.factories import make_user
from tests.results.outcome_helpers import coordinator, published_campaign

pytestmark = pytest.mark.django_db


def test_the_page_lists_proposals_and_the_agencies_the_zero_condition_keeps_out(client):
    campaign = published_campaign()
    client.force_login(coordinator())
    response = client.post(
        reverse("results:awards", args=[campaign.pk]),
        {"top_n": "3", "min_dti_value": "0,6", "no_zero_indicator": "on"},
        follow=True,
    )
    (tier,) = response.context["tables"]
    assert [item.agency.code for item in tier.proposals] == ["A1", "A2", "A4"]
    assert [item.agency.code for item in tier.exclusions] == ["A3"]
    content = response.content.decode()
    assert "Sở A3" in content
    assert "0,7000" in content  # A4's DTI value in its justification, written the Vietnamese way
    assert tier.exclusions[0].reason in content


def test_a_rule_without_any_condition_or_with_wrong_values_is_refused_field_by_field(client):
    campaign = published_campaign()
    client.force_login(coordinator())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("results:awards", args=[campaign.pk])
    form = client.post(url, {"top_n": "", "min_dti_value": ""}).context["form"]
    assert form.non_field_errors() == [
        "Choose at least one condition: a number of agencies per tier, a minimum DTI value, or "
        "no indicator at 0 points."
    ]
    response = client.post(url, {"top_n": "0", "min_dti_value": "1.5", "no_zero_indicator": "on"})
    form = response.context["form"]
    assert form.errors == {
        "top_n": ["Give a whole number of agencies, at least 1."],
        "min_dti_value": ["A DTI value lies between 0 and 1."],
    }
    content = response.content.decode()
    assert 'value="0"' in content and 'value="1.5"' in content
    assert not AwardRule.objects.exists()


def test_rule_changes_are_audited(client):
    campaign = published_campaign()
    user = coordinator()
    client.force_login(user)
    url = reverse("results:awards", args=[campaign.pk])
    client.post(url, {"top_n": "3"})
    client.post(url, {"top_n": "3", "min_dti_value": "0,8", "no_zero_indicator": "on"})
    events = list(AuditEvent.objects.filter(action="award.rule_change").order_by("at", "id"))
    assert [(event.before, event.after) for event in events] == [
        (None, {"top_n": 3, "min_dti_value": None, "no_zero_indicator": False}),
        (
            {"top_n": 3, "min_dti_value": None, "no_zero_indicator": False},
            {"top_n": 3, "min_dti_value": "0.8", "no_zero_indicator": True},
        ),
    ]
    assert {event.actor for event in events} == {user}
    assert AwardRule.objects.get(campaign=campaign).min_dti_value == Decimal("0.8")


def test_before_finalisation_there_are_no_proposals_and_a_clear_message(client):
    campaign = published_campaign(Phase.COUNCIL)
    client.force_login(coordinator())
    response = client.post(
        reverse("results:awards", args=[campaign.pk]), {"top_n": "3"}, follow=True
    )
    assert response.context["frozen"] is False
    assert response.context["tables"] == []
    assert response.context["not_frozen_message"] in response.content.decode()
    export = client.get(reverse("results:awards_export", args=[campaign.pk, "csv"]))
    assert export.status_code == 302


def test_the_service_refuses_anyone_but_the_coordinator():
    campaign = published_campaign()
    with pytest.raises(PermissionDenied):
        set_award_rule(
            campaign,
            top_n=3,
            min_dti_value=None,
            no_zero_indicator=False,
            by=make_user(Role.WORKING_GROUP),
        )
