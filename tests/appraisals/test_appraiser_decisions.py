"""Accepting and adjusting an item through its page: points come from the engine, a reason is
required to adjust, and a refused decision keeps everything typed."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from dti.appraisals.models import AppraisalVersion, Decision
from dti.audit.models import AuditEvent
from dti.campaigns.models import Phase
from tests.appraisals.appraiser_helpers import accept_post, adjust_post, item_url
from tests.appraisals.cycle import build_cycle

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def cycle():
    return build_cycle()


def test_the_item_page_shows_what_the_agency_entered_and_how_it_scores(client, cycle):
    client.force_login(cycle.appraisers["SKHCN"])
    response = client.get(item_url(cycle.appraisal("SCT", "1.1")))
    assert response.status_code == 200
    detail = response.context["detail"]
    assert [(line.code, line.text) for line in detail.self_values] == [("meetings", "4 cuộc")]
    assert detail.self_score.points == 20
    assert any("20" in line for line in detail.self_trace)
    assert detail.rule_lines  # the rule in words
    assert [item.title for item in detail.self_evidence] == ["Biên bản"]
    assert response.context["editable"] is True
    assert response.context["decision_form"]["version"].value() == 0


def test_accepting_keeps_the_self_assessed_points(client, cycle):
    appraisal = cycle.appraisal("SCT", "1.2")
    client.force_login(cycle.appraisers["SKHCN"])
    response = client.post(item_url(appraisal), accept_post(appraisal))
    assert response.status_code == 302
    appraisal.refresh_from_db()
    assert (appraisal.decision, appraisal.points, appraisal.version) == (
        Decision.ACCEPTED,
        Decimal("7.5"),
        1,
    )
    assert appraisal.decided_by == cycle.appraisers["SKHCN"]


def test_adjusting_recomputes_the_points_with_the_engine(client, cycle):
    appraisal = cycle.appraisal("SCT", "1.1")
    client.force_login(cycle.appraisers["SKHCN"])
    response = client.post(
        item_url(appraisal), adjust_post(appraisal, {"meetings": "2"}, "Chỉ có 2 biên bản hợp lệ")
    )
    assert response.status_code == 302
    appraisal.refresh_from_db()
    assert appraisal.decision == Decision.ADJUSTED
    assert appraisal.values == {"meetings": "2"}
    assert appraisal.points == 10
    assert appraisal.reason == "Chỉ có 2 biên bản hợp lệ"
    assert (
        AuditEvent.objects.filter(action="appraisal.decide", object_id=str(appraisal.pk)).count()
        == 1
    )
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert messages == ["Saved: Adjusted, 10 points."]


def test_an_adjustment_without_a_reason_is_refused_and_keeps_the_typed_values(client, cycle):
    appraisal = cycle.appraisal("SYT", "1.2")
    client.force_login(cycle.appraisers["SKHCN"])
    response = client.post(
        item_url(appraisal), adjust_post(appraisal, {"chaired": "1", "total": "4"}, "   ")
    )
    assert response.status_code == 200
    decision_form = response.context["decision_form"]
    values_form = response.context["values_form"]
    assert decision_form.errors["reason"] == ["Give the reason for the adjustment."]
    assert values_form["chaired"].value() == "1" and values_form["total"].value() == "4"
    assert decision_form["decision"].value() == "adjusted"
    page = response.content.decode()
    reason_field = page[page.index('name="reason"') :]
    assert reason_field.index("Give the reason for the adjustment.") < reason_field.index(
        "</div>"
    )  # the error is inside the reason's field block
    appraisal.refresh_from_db()
    assert (appraisal.decision, appraisal.version) == (Decision.PENDING, 0)
    assert not AppraisalVersion.objects.exists()


def test_invalid_appraised_values_are_refused_next_to_their_field(client, cycle):
    appraisal = cycle.appraisal("SYT", "1.2")
    client.force_login(cycle.appraisers["SKHCN"])
    response = client.post(
        item_url(appraisal), adjust_post(appraisal, {"chaired": "5", "total": "4"}, "Sai số liệu")
    )
    assert response.status_code == 200
    values_form = response.context["values_form"]
    assert "chaired" in values_form.errors
    assert values_form["chaired"].value() == "5"
    assert response.context["decision_form"]["reason"].value() == "Sai số liệu"
    appraisal.refresh_from_db()
    assert appraisal.decision == Decision.PENDING


def test_choosing_no_decision_is_refused(client, cycle):
    appraisal = cycle.appraisal("SCT", "1.1")
    client.force_login(cycle.appraisers["SKHCN"])
    data = adjust_post(appraisal, {"meetings": "2"}, "Lý do")
    del data["decision"]
    response = client.post(item_url(appraisal), data)
    assert response.context["decision_form"].errors["decision"] == [
        "Choose to accept or to adjust."
    ]
    appraisal.refresh_from_db()
    assert appraisal.decision == Decision.PENDING


def test_items_are_read_only_once_the_rounds_phase_is_over(client, cycle):
    cycle.accept_all(1)
    cycle.move(Phase.RESULTS_SENT)
    appraisal = cycle.appraisal("SCT", "1.1")
    client.force_login(cycle.appraisers["SKHCN"])
    page = client.get(item_url(appraisal))
    assert page.context["editable"] is False
    assert "Appraisal, round 1" in page.context["closed_reason"]
    response = client.post(item_url(appraisal), adjust_post(appraisal, {"meetings": "1"}, "x"))
    assert response.status_code == 200
    assert any("Not saved" in str(message) for message in response.context["messages"])
    appraisal.refresh_from_db()
    assert (appraisal.decision, appraisal.version) == (Decision.ACCEPTED, 1)


def test_save_and_go_to_the_next_item_of_the_queue(client, cycle):
    appraisal = cycle.appraisal("SCT", "1.1")
    client.force_login(cycle.appraisers["SKHCN"])
    response = client.post(
        item_url(appraisal) + "?status=pending", accept_post(appraisal, then="next")
    )
    assert response.status_code == 302
    assert response.url.startswith(item_url(cycle.appraisal("SCT", "1.2")))
    assert "status=pending" in response.url


def test_previous_and_next_follow_the_queue_with_its_filters(client, cycle):
    client.force_login(cycle.working_group)
    response = client.get(item_url(cycle.appraisal("SCT", "2.2")) + "?indicator=2.1&round=1")
    assert response.context["previous_url"].startswith(item_url(cycle.appraisal("SCT", "2.1")))
    assert response.context["next_url"].startswith(item_url(cycle.appraisal("SYT", "2.1")))
    first = client.get(item_url(cycle.appraisal("SCT", "1.1")))
    assert first.context["previous_url"] == ""
    assert first.context["next_url"].startswith(item_url(cycle.appraisal("SCT", "1.2")))


def test_the_preview_scores_the_typed_values_without_saving(client, cycle):
    appraisal = cycle.appraisal("SCT", "1.1")
    client.force_login(cycle.appraisers["SKHCN"])
    url = reverse("appraisals:item_preview", kwargs={"appraisal_id": appraisal.pk})
    result = client.post(url, {"appraised-meetings": "3"}).json()
    assert result["points"] == "15"
    assert result["errors"] == {}
    invalid = client.post(url, {"appraised-meetings": "ba"}).json()
    assert invalid["errors"]["meetings"] == ["Enter a whole number: “ba” is not a number."]
    appraisal.refresh_from_db()
    assert appraisal.version == 0
