"""Who reaches the appraisal workspace: every URL of appraiser_urls.py is walked as the roles
that must be refused, and the scope of appraisers, the coordinator and the working group is
checked on the items themselves."""

import pytest
from django.urls import URLPattern, reverse

from dti.appraisals import appraiser_urls
from dti.appraisals.models import Appraisal, AppraisalVersion, Decision
from tests.appraisals.appraiser_helpers import accept_post, adjust_post, item_url
from tests.appraisals.cycle import build_cycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle():
    return build_cycle()


def every_url(cycle, agency_code="SCT"):
    """Each pattern of the workspace, reversed with objects of ``agency_code``."""
    appraisal = cycle.appraisal(agency_code, "1.1")
    values = {
        "campaign_id": cycle.campaign.pk,
        "assessment_id": appraisal.assessment_id,
        "appraisal_id": appraisal.pk,
        "response_id": appraisal.response_id,
    }
    for pattern in appraiser_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        arguments = {name: values[name] for name in pattern.pattern.converters}
        yield reverse(f"appraisals:{pattern.name}", kwargs=arguments)


def state(cycle):
    return sorted(
        Appraisal.objects.filter(assessment__campaign=cycle.campaign).values_list(
            "pk", "decision", "version"
        )
    ), AppraisalVersion.objects.count()


@pytest.mark.parametrize("role", ["council", "staff", "leader"])
def test_council_members_and_agency_users_are_refused_every_page(client, cycle, role):
    user = {
        "council": cycle.council[0],
        "staff": cycle.staff["SCT"],
        "leader": cycle.leaders["SCT"],
    }[role]
    client.force_login(user)
    before = state(cycle)
    urls = list(every_url(cycle))  # the agency's own objects, before results are sent
    assert len(urls) == len(appraiser_urls.urlpatterns) >= 10
    every_item = list(Appraisal.objects.values_list("pk", flat=True))
    data = accept_post(
        cycle.appraisal("SCT", "1.1"), items=every_item, page_items=every_item, scope="page"
    )
    for url in urls:
        for method in ("get", "post"):
            response = getattr(client, method)(url, data)
            assert response.status_code == 403, (role, method, url, response.status_code)
    assert state(cycle) == before


def test_anonymous_visitors_are_sent_to_the_login_page(client, cycle):
    for url in every_url(cycle):
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code == 302, (method, url)
            assert response.url.startswith(reverse("login"))


def test_an_appraiser_cannot_read_or_decide_another_departments_item(client, cycle):
    other = cycle.appraisal("SCT", "2.1")  # appraised by VPUB
    client.force_login(cycle.appraisers["SKHCN"])
    assert client.get(item_url(other)).status_code == 403
    response = client.post(
        item_url(other), adjust_post(other, {"plan": "no", "drills": "0"}, "Không có phương án")
    )
    assert response.status_code == 403
    preview = reverse("appraisals:item_preview", kwargs={"appraisal_id": other.pk})
    assert client.post(preview, {"appraised-drills": "1"}).status_code == 403
    other.refresh_from_db()
    assert (other.decision, other.version) == (Decision.PENDING, 0)
    assert client.get(item_url(cycle.appraisal("SCT", "1.1"))).status_code == 200


def test_appraisers_see_progress_but_not_the_consolidation(client, cycle):
    client.force_login(cycle.appraisers["VPUB"])
    campaign = {"campaign_id": cycle.campaign.pk}
    assert client.get(reverse("appraisals:progress", kwargs=campaign)).status_code == 200
    for name in ("consolidation", "consolidation_export"):
        assert client.get(reverse(f"appraisals:{name}", kwargs=campaign)).status_code == 403


def test_the_coordinator_reads_every_item_but_decides_none(client, cycle):
    appraisal = cycle.appraisal("SYT", "2.1")
    client.force_login(cycle.coordinator)
    page = client.get(item_url(appraisal))
    assert page.status_code == 200
    assert page.context["editable"] is False
    assert client.post(item_url(appraisal), accept_post(appraisal)).status_code == 403
    appraisal.refresh_from_db()
    assert appraisal.decision == Decision.PENDING


def test_the_working_group_decides_any_item_and_sees_the_consolidation(client, cycle):
    client.force_login(cycle.working_group)
    for agency, code in (("SCT", "1.1"), ("SYT", "2.1")):
        appraisal = cycle.appraisal(agency, code)
        assert client.post(item_url(appraisal), accept_post(appraisal)).status_code == 302
        appraisal.refresh_from_db()
        assert appraisal.decided_by == cycle.working_group
    campaign = {"campaign_id": cycle.campaign.pk}
    assert client.get(reverse("appraisals:consolidation", kwargs=campaign)).status_code == 200
    assert (
        client.get(
            reverse(
                "appraisals:consolidation_agency",
                kwargs={**campaign, "assessment_id": cycle.assessment("SCT").pk},
            )
        ).status_code
        == 200
    )


def test_a_consolidation_detail_of_another_campaigns_assessment_is_not_found(client, cycle):
    client.force_login(cycle.working_group)
    url = reverse(
        "appraisals:consolidation_agency",
        kwargs={"campaign_id": cycle.campaign.pk + 1, "assessment_id": cycle.assessment("SCT").pk},
    )
    assert client.get(url).status_code == 404


def test_users_without_a_role_are_refused(client, cycle):
    user = cycle.working_group
    user.role = ""
    user.save()
    client.force_login(user)
    assert client.get(reverse("appraisals:home")).status_code == 403
