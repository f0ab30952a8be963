"""The appraisal cycle notifies the right people — in the application and by e-mail after the
change is committed: agency users when round-1 results are sent, the appraising department and
the working group when an agency files explanations, council members when their opinion is
requested."""

import pytest
from django.core import mail
from django.urls import reverse

from dti.appraisals.models import Decision
from dti.appraisals.services import decide, save_explanation, submit_explanations
from dti.campaigns.models import Phase
from tests.appraisals.cycle import build_cycle

pytestmark = pytest.mark.django_db


def kinds_listed_for(client, user):
    client.force_login(user)
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 200
    return [item.kind for item in response.context["page"].object_list]


def test_sending_round_one_results_notifies_the_agency_users_only(client):
    cycle = build_cycle()
    cycle.accept_all(1)
    cycle.move(Phase.RESULTS_SENT)
    for user in [*cycle.staff.values(), *cycle.leaders.values()]:
        assert kinds_listed_for(client, user) == ["results.sent"]
    for user in [
        cycle.coordinator,
        cycle.working_group,
        *cycle.appraisers.values(),
        *cycle.council,
    ]:
        assert "results.sent" not in kinds_listed_for(client, user)


def test_filed_explanations_notify_the_appraising_department_and_the_working_group(client):
    cycle = build_cycle()
    appraisal = cycle.appraisal("SCT", "1.1")
    decide(
        appraisal,
        expected_version=appraisal.version,
        decision=Decision.ADJUSTED,
        values={"meetings": "2"},
        reason="Thiếu biên bản",
        by=cycle.appraiser_for("1.1"),
    )
    cycle.accept_all(1)
    cycle.move(Phase.EXPLANATION)
    save_explanation(cycle.response("SCT", "1.1"), "Bổ sung biên bản", cycle.staff["SCT"])
    submit_explanations(cycle.assessment("SCT"), cycle.leaders["SCT"])
    assert "explanation.filed" in kinds_listed_for(client, cycle.appraisers["SKHCN"])
    assert "explanation.filed" in kinds_listed_for(client, cycle.working_group)
    assert "explanation.filed" not in kinds_listed_for(client, cycle.appraisers["VPUB"])
    assert "explanation.filed" not in kinds_listed_for(client, cycle.council[0])


def test_asking_the_council_notifies_its_members_with_a_link_to_the_council_page(client):
    cycle = build_cycle()
    cycle.accept_all(1)
    cycle.move(Phase.APPRAISAL_2)
    cycle.accept_all(2)
    cycle.move(Phase.COUNCIL)
    council_url = reverse("appraisals:council", kwargs={"campaign_id": cycle.campaign.pk})
    for member in cycle.council:
        assert kinds_listed_for(client, member) == ["council.asked"]
        notification = member.notifications.get()
        response = client.post(reverse("notifications:read", kwargs={"pk": notification.pk}))
        assert response["Location"] == council_url
        assert client.get(council_url).status_code == 200
    for user in [cycle.coordinator, cycle.staff["SCT"], cycle.appraisers["SKHCN"]]:
        assert "council.asked" not in kinds_listed_for(client, user)


def test_the_email_goes_out_after_commit_to_users_with_an_address(
    django_capture_on_commit_callbacks,
):
    cycle = build_cycle()
    cycle.accept_all(1)
    with_address = cycle.staff["SCT"]
    with_address.email = "canbo.sct@example.gov.vn"
    with_address.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        cycle.move(Phase.RESULTS_SENT)
        assert mail.outbox == []  # nothing is sent before the phase move commits
    for callback in callbacks:
        callback()
    assert [message.to for message in mail.outbox] == [["canbo.sct@example.gov.vn"]]
    assert reverse("assessments:mine") in mail.outbox[0].body


def test_the_council_members_with_an_address_get_an_email(django_capture_on_commit_callbacks):
    cycle = build_cycle()
    cycle.accept_all(1)
    cycle.move(Phase.APPRAISAL_2)
    cycle.accept_all(2)
    for number, member in enumerate(cycle.council):
        member.email = f"hoidong{number}@example.gov.vn"
        member.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        cycle.move(Phase.COUNCIL)
    council_url = reverse("appraisals:council", kwargs={"campaign_id": cycle.campaign.pk})
    assert sorted(address for message in mail.outbox for address in message.to) == [
        "hoidong0@example.gov.vn",
        "hoidong1@example.gov.vn",
    ]
    assert all(council_url in message.body for message in mail.outbox)
