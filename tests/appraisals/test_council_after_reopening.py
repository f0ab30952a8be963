"""After a reopening the council is asked again: its members are notified, the opinions given
before are kept and shown as earlier ones, and the tally and the list of who has not answered
count only the opinions given since the latest reopening."""

import pytest
from django.urls import reverse

from dti.appraisals.models import CouncilOpinion, Verdict
from dti.appraisals.services import council_tally, submit_opinion
from dti.campaigns.models import Phase
from dti.notifications.models import Notification
from dti.results.services import reopen_campaign
from tests.appraisals.cycle import build_cycle

pytestmark = pytest.mark.django_db

REASON = "Sửa điểm chỉ số 1.1 của Sở Y tế"


@pytest.fixture
def cycle():
    """Both members agreed, the results were finalised, then reopened and corrected; the
    campaign is in the council phase again."""
    cycle = build_cycle()
    cycle.accept_all(1)
    cycle.move(Phase.APPRAISAL_2)
    cycle.move(Phase.COUNCIL)
    submit_opinion(cycle.campaign, verdict=Verdict.AGREE, comments="", by=cycle.council[0])
    submit_opinion(
        cycle.campaign,
        verdict=Verdict.AGREE_WITH_COMMENTS,
        comments="Công bố kèm phân tích",
        by=cycle.council[1],
    )
    cycle.move(Phase.FINALIZED)
    reopen_campaign(cycle.campaign, REASON, cycle.coordinator)
    Notification.objects.all().delete()  # keep only what the new consultation sends
    cycle.move(Phase.COUNCIL)
    return cycle


def test_the_members_are_asked_again_with_the_reason(cycle):
    for member in cycle.council:
        notification = member.notifications.get(kind="council.asked")
        assert notification.title == "Đề nghị cho ý kiến lại"
        assert REASON in notification.body
        assert notification.url == reverse(
            "appraisals:council", kwargs={"campaign_id": cycle.campaign.pk}
        )


def test_the_tally_counts_only_the_opinions_given_since_the_reopening(cycle):
    tally = council_tally(cycle.campaign)
    assert tally.counts == {"agree": 0, "agree_with_comments": 0, "disagree": 0}
    assert tally.opinions == []
    assert tally.not_answered == sorted(cycle.council, key=lambda member: member.username)
    assert [(item.member, item.verdict) for item in tally.earlier] == [
        (cycle.council[0], Verdict.AGREE),
        (cycle.council[1], Verdict.AGREE_WITH_COMMENTS),
    ]

    submit_opinion(
        cycle.campaign, verdict=Verdict.DISAGREE, comments="Chưa đủ căn cứ", by=cycle.council[0]
    )
    tally = council_tally(cycle.campaign)
    assert tally.counts == {"agree": 0, "agree_with_comments": 0, "disagree": 1}
    assert tally.not_answered == [cycle.council[1]]
    # The earlier opinion is kept as it was given.
    assert CouncilOpinion.objects.filter(member=cycle.council[0]).count() == 2
    assert [(item.member, item.verdict) for item in tally.earlier] == [
        (cycle.council[0], Verdict.AGREE),
        (cycle.council[1], Verdict.AGREE_WITH_COMMENTS),
    ]


def test_the_tally_page_shows_the_earlier_opinions_apart(client, settings, cycle):
    client.force_login(cycle.coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("appraisals:tally", kwargs={"campaign_id": cycle.campaign.pk}))
    html = page.content.decode()
    assert "Earlier opinions" in html
    assert "Công bố kèm phân tích" in html
    assert [count for _label, count in page.context["counts"]] == [0, 0, 0]
    assert len(page.context["tally"].not_answered) == 2


def test_a_member_sees_the_earlier_opinion_and_gives_a_new_one(client, cycle):
    member = cycle.council[1]
    url = reverse("appraisals:council", kwargs={"campaign_id": cycle.campaign.pk})
    client.force_login(member)
    page = client.get(url)
    assert page.context["opinion"] is None
    assert [item.comments for item in page.context["earlier_opinions"]] == ["Công bố kèm phân tích"]
    assert page.context["form"].initial == {}
    client.post(url, {"verdict": "agree", "comments": ""})
    assert client.get(url).context["opinion"].verdict == Verdict.AGREE
    assert sorted(
        CouncilOpinion.objects.filter(member=member).values_list("verdict", flat=True)
    ) == [Verdict.AGREE, Verdict.AGREE_WITH_COMMENTS]
