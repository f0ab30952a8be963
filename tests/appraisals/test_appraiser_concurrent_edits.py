"""Two people open the same item at the same version: the first save wins, the second is
refused with who changed it, keeps what the second person typed, and overwrites nothing."""

import pytest
from django.test import Client

from dti.agencies.models import Role
from dti.appraisals.models import AppraisalVersion, Decision
from tests.appraisals.appraiser_helpers import adjust_post, item_url
from tests.appraisals.cycle import build_cycle
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def clients(settings):
    """Two signed-in browsers in English: an SKHCN appraiser and a colleague of the same
    department."""
    cycle = build_cycle()
    first_user = cycle.appraisers["SKHCN"]
    second_user = make_user(Role.APPRAISER, cycle.departments["SKHCN"], username="dong.nghiep")
    browsers = []
    for user in (first_user, second_user):
        browser = Client()
        browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        browser.force_login(user)
        browsers.append(browser)
    return cycle, first_user, browsers


def test_the_second_of_two_concurrent_edits_is_refused_and_nothing_is_lost(clients):
    cycle, first_user, (first, second) = clients
    appraisal = cycle.appraisal("SCT", "1.1")
    url = item_url(appraisal)
    opened_at = [
        browser.get(url).context["decision_form"]["version"].value() for browser in (first, second)
    ]
    assert opened_at == [0, 0]

    saved = first.post(url, adjust_post(appraisal, {"meetings": "2"}, "Chỉ 2 biên bản"))
    assert saved.status_code == 302
    refused = second.post(url, adjust_post(appraisal, {"meetings": "3"}, "Chấp nhận 3 cuộc"))

    assert refused.status_code == 200
    assert first_user.username in refused.context["conflict_message"]
    assert "changed by" in refused.context["conflict_message"]
    page = refused.content.decode()
    assert refused.context["conflict_message"].split(" at ")[0] in page
    # The second person's typed values and reason are still in the form …
    values_form, decision_form = refused.context["values_form"], refused.context["decision_form"]
    assert values_form["meetings"].value() == "3"
    assert decision_form["reason"].value() == "Chấp nhận 3 cuộc"
    # … with the version they opened, and the current version shown beside it.
    assert decision_form["version"].value() == "0"
    current = refused.context["detail"].current
    assert (current.decision, current.points) == (Decision.ADJUSTED, 10)
    assert [line.text for line in current.values] == ["2 cuộc"]
    # The first edit is intact, with exactly one history row.
    appraisal.refresh_from_db()
    assert (appraisal.values, appraisal.points, appraisal.reason, appraisal.version) == (
        {"meetings": "2"},
        10,
        "Chỉ 2 biên bản",
        1,
    )
    assert appraisal.decided_by == first_user
    assert AppraisalVersion.objects.filter(appraisal=appraisal).count() == 1


def test_submitting_the_stale_form_again_conflicts_again(clients):
    cycle, _first_user, (first, second) = clients
    appraisal = cycle.appraisal("SYT", "1.1")
    url = item_url(appraisal)
    first.post(url, adjust_post(appraisal, {"meetings": "1"}, "Chỉ 1 biên bản"))
    stale = adjust_post(appraisal, {"meetings": "3"}, "Ba cuộc")  # still version 0
    for _attempt in range(2):
        response = second.post(url, stale)
        assert response.context["conflict"] is not None
    appraisal.refresh_from_db()
    assert (appraisal.values, appraisal.version) == ({"meetings": "1"}, 1)
    assert AppraisalVersion.objects.filter(appraisal=appraisal).count() == 1


def test_after_reloading_the_second_person_can_save_over_the_current_version(clients):
    cycle, _first_user, (first, second) = clients
    appraisal = cycle.appraisal("SCT", "1.2")
    url = item_url(appraisal)
    first.post(url, adjust_post(appraisal, {"chaired": "2", "total": "4"}, "Hai cuộc"))
    reloaded = second.get(url).context["decision_form"]["version"].value()
    assert reloaded == 1
    data = adjust_post(appraisal, {"chaired": "1", "total": "4"}, "Một cuộc")
    data["version"] = reloaded
    assert second.post(url, data).status_code == 302
    appraisal.refresh_from_db()
    assert (appraisal.points, appraisal.version) == (2.5, 2)
    assert AppraisalVersion.objects.filter(appraisal=appraisal).count() == 2


def test_a_stale_form_with_a_mistake_shows_both_the_mistake_and_the_newer_version(clients):
    cycle, first_user, (first, second) = clients
    appraisal = cycle.appraisal("SYT", "1.2")
    url = item_url(appraisal)
    first.post(url, adjust_post(appraisal, {"chaired": "2", "total": "4"}, "Hai cuộc"))
    response = second.post(url, adjust_post(appraisal, {"chaired": "1", "total": "4"}, ""))
    assert response.context["decision_form"].errors["reason"]
    assert first_user.username in response.context["conflict_message"]
    assert response.context["values_form"]["chaired"].value() == "1"
    appraisal.refresh_from_db()
    assert (appraisal.values, appraisal.version) == ({"chaired": "2", "total": "4"}, 1)
