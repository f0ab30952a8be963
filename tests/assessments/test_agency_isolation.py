"""An agency user can never read or change another agency's assessment or evidence.

Walks every URL of the self-assessment workspace (including the ones added later) with the ids
of another agency's objects, by GET and by POST, as that agency's staff and leader.
"""

import pytest
from django.urls import URLPattern, reverse

from dti.agencies.models import Role, Tier
from dti.assessments import urls as assessment_urls
from dti.assessments.evidence import add_file_evidence
from dti.assessments.models import Evidence, Response
from dti.campaigns import urls as campaign_urls
from tests.assessments.evidence_helpers import MINIMAL_PDF, upload, use_temporary_storage
from tests.assessments.helpers import FULL_ANSWERS, open_deadlines
from tests.factories import make_agency, make_campaign, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def storage_dir(settings, tmp_path):
    return use_temporary_storage(settings, tmp_path / "media")


ALLOWED_REFUSALS = {403, 404, 405}


def url_arguments(pattern: URLPattern, values: dict) -> dict:
    return {name: values[name] for name in pattern.pattern.converters}


@pytest.fixture
def two_agencies():
    own = make_agency("OWN", Tier.DEPARTMENT)
    other = make_agency("OTHER", Tier.DEPARTMENT)
    campaign = make_campaign([own, other], deadlines=open_deadlines())
    other_assessment = campaign.assessments.get(agency=other)
    other_user = make_user(Role.AGENCY_STAFF, other)
    response = other_assessment.responses.get(indicator__code="1.1")
    response.values = FULL_ANSWERS["1.1"]
    response.save()
    # A file: only file evidence can be downloaded, so refusing a link would prove nothing.
    evidence = add_file_evidence(response, upload("bien-ban.pdf", MINIMAL_PDF), "", other_user)
    return own, other_assessment, evidence


def snapshot(assessment):
    assessment.refresh_from_db()
    return (
        assessment.status,
        sorted(
            (r.indicator.code, str(r.values), r.note, r.not_applicable)
            for r in Response.objects.filter(assessment=assessment)
        ),
        sorted(Evidence.objects.filter(assessment=assessment).values_list("id", "stored_file_id")),
    )


@pytest.mark.parametrize("role", [Role.AGENCY_STAFF, Role.AGENCY_LEADER])
def test_every_workspace_url_refuses_another_agencys_objects(client, two_agencies, role):
    own, other_assessment, evidence = two_agencies
    client.force_login(make_user(role, own))
    values = {"pk": other_assessment.pk, "code": "1.1", "evidence_id": evidence.pk}
    before = snapshot(other_assessment)
    checked = 0
    for pattern in assessment_urls.urlpatterns:
        if not pattern.pattern.converters:
            continue
        url = reverse(f"assessments:{pattern.name}", kwargs=url_arguments(pattern, values))
        for method in ("get", "post"):
            response = getattr(client, method)(
                url, {"meetings": "1", "note": "x", "url": "https://evil.example"}
            )
            assert response.status_code in ALLOWED_REFUSALS, (method, url, response.status_code)
            checked += 1
    assert checked >= 10
    assert snapshot(other_assessment) == before


@pytest.mark.parametrize("role", [Role.AGENCY_STAFF, Role.AGENCY_LEADER])
def test_another_agencys_evidence_file_is_refused_by_the_permission_check(
    client, two_agencies, role
):
    own, other_assessment, evidence = two_agencies
    url = reverse("assessments:evidence_download", args=[evidence.pk])
    client.force_login(make_user(role, other_assessment.agency))
    assert client.get(url).status_code == 200  # the file exists and is served to its agency

    client.force_login(make_user(role, own))
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("role", [Role.AGENCY_STAFF, Role.AGENCY_LEADER])
def test_agency_users_reach_no_campaign_page(client, two_agencies, role):
    own, other_assessment, _evidence = two_agencies
    client.force_login(make_user(role, own))
    values = {"pk": other_assessment.campaign_id, "assessment_id": other_assessment.pk}
    for pattern in campaign_urls.urlpatterns:
        url = reverse(f"campaigns:{pattern.name}", kwargs=url_arguments(pattern, values))
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"reason": "x", "until": "01/01/2030"})
            assert response.status_code in ALLOWED_REFUSALS, (method, url, response.status_code)


def test_own_assessment_is_reachable(client, two_agencies):
    own, other_assessment, _evidence = two_agencies
    own_assessment = other_assessment.campaign.assessments.get(agency=own)
    client.force_login(make_user(Role.AGENCY_STAFF, own))
    assert client.get(reverse("assessments:overview", args=[own_assessment.pk])).status_code == 200
    assert (
        client.get(reverse("assessments:indicator", args=[own_assessment.pk, "1.1"])).status_code
        == 200
    )
