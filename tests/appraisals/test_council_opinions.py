"""Council members give their written opinion on the council page while the campaign is in the
council phase, may change it until finalisation, and are refused afterwards."""

import pytest
from django.contrib.messages import constants, get_messages
from django.urls import reverse

from dti.appraisals.models import CouncilOpinion, Verdict
from dti.campaigns.models import Phase
from tests.appraisals.cycle import build_cycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle():
    cycle = build_cycle()
    cycle.accept_all(1)
    cycle.move(Phase.APPRAISAL_2)
    cycle.accept_all(2)
    cycle.move(Phase.COUNCIL)
    return cycle


def council_url(cycle):
    return reverse("appraisals:council", kwargs={"campaign_id": cycle.campaign.pk})


def opinions(cycle):
    return sorted(
        (item.member.username, item.verdict, item.comments)
        for item in CouncilOpinion.objects.filter(campaign=cycle.campaign)
    )


def test_a_member_agrees_without_comments(client, cycle):
    member = cycle.council[0]
    client.force_login(member)
    response = client.post(council_url(cycle), {"verdict": "agree", "comments": ""})
    assert response.status_code == 302
    assert opinions(cycle) == [(member.username, Verdict.AGREE, "")]


def test_a_member_agrees_with_comments(client, cycle):
    member = cycle.council[1]
    client.force_login(member)
    client.post(
        council_url(cycle),
        {"verdict": "agree_with_comments", "comments": "Đề nghị rà soát chỉ số 2.1"},
    )
    assert opinions(cycle) == [
        (member.username, Verdict.AGREE_WITH_COMMENTS, "Đề nghị rà soát chỉ số 2.1")
    ]


def test_the_form_offers_the_three_verdicts_as_labelled_radio_buttons(client, cycle):
    client.force_login(cycle.council[0])
    response = client.get(council_url(cycle))
    form = response.context["form"]
    assert [value for value, _label in form.fields["verdict"].choices] == [
        "agree",
        "agree_with_comments",
        "disagree",
    ]
    html = response.content.decode()
    assert html.count('type="radio" name="verdict"') == 3
    assert '<label class="radio" for="id_verdict_2">' in html


def test_disagreeing_without_reasons_shows_the_error_next_to_the_field_and_keeps_the_choice(
    client, cycle
):
    client.force_login(cycle.council[0])
    response = client.post(council_url(cycle), {"verdict": "disagree", "comments": "  "})
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["comments"]
    assert form["verdict"].value() == "disagree"
    assert 'id="id_comments_error"' in response.content.decode()
    assert opinions(cycle) == []


def test_a_missing_verdict_is_shown_next_to_the_verdict_and_the_comments_are_kept(client, cycle):
    client.force_login(cycle.council[0])
    response = client.post(council_url(cycle), {"comments": "Tôi cần thêm thời gian"})
    form = response.context["form"]
    assert list(form.errors) == ["verdict"]
    assert form["comments"].value() == "Tôi cần thêm thời gian"
    assert 'id="id_verdict_error"' in response.content.decode()


def test_a_member_changes_the_opinion_and_sees_the_current_one(client, cycle):
    member = cycle.council[0]
    client.force_login(member)
    client.post(council_url(cycle), {"verdict": "agree", "comments": ""})
    client.post(
        council_url(cycle), {"verdict": "disagree", "comments": "Chỉ số 1.2 chấm chưa đúng"}
    )
    assert opinions(cycle) == [(member.username, Verdict.DISAGREE, "Chỉ số 1.2 chấm chưa đúng")]
    response = client.get(council_url(cycle))
    assert response.context["opinion"].verdict == Verdict.DISAGREE
    assert response.context["form"]["verdict"].value() == "disagree"
    assert "Chỉ số 1.2 chấm chưa đúng" in response.content.decode()


def test_after_finalisation_the_form_is_gone_and_a_post_is_refused(client, cycle):
    member = cycle.council[0]
    client.force_login(member)
    client.post(council_url(cycle), {"verdict": "agree", "comments": ""})
    cycle.move(Phase.FINALIZED)
    response = client.get(council_url(cycle))
    assert response.context["form"] is None
    assert response.context["opinion"].verdict == Verdict.AGREE
    assert 'name="verdict"' not in response.content.decode()

    response = client.post(council_url(cycle), {"verdict": "disagree", "comments": "Muộn"})
    assert response.status_code == 302
    assert [message.level for message in get_messages(response.wsgi_request)] == [constants.ERROR]
    assert opinions(cycle) == [(member.username, Verdict.AGREE, "")]


def test_before_the_council_phase_a_member_finds_no_page_to_give_an_opinion_on(client):
    cycle = build_cycle()
    client.force_login(cycle.council[0])
    response = client.post(council_url(cycle), {"verdict": "agree", "comments": ""})
    assert response.status_code == 404
    assert opinions(cycle) == []


@pytest.mark.parametrize("who", ["coordinator", "working_group"])
def test_only_council_members_give_opinions(client, cycle, who):
    client.force_login(getattr(cycle, who))
    response = client.post(council_url(cycle), {"verdict": "agree", "comments": ""})
    assert response.status_code == 403
    assert opinions(cycle) == []
