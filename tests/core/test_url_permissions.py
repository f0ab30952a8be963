"""Every URL of the project, as every role and as an anonymous visitor, with objects of the
user's own agency and of another: allowed or refused exactly as the permission table says.

The expectations come from dti/agencies/permissions.py: URL_ACTIONS says which action (and which
object) each URL checks, PERMISSIONS who may take it. A URL missing from URL_ACTIONS fails the
test; so does a view whose check was removed (an unauthorised user would get the page).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from dti.agencies.permissions import (
    ADMIN,
    API_TOKEN,
    PUBLIC,
    SIGNED_IN,
    URL_ACTIONS,
    can,
    url_action,
)
from dti.api.models import ApiClient
from dti.appraisals.models import Decision
from dti.appraisals.services import decide, save_explanation, submit_explanations
from dti.assessments.evidence import add_link_evidence
from dti.assessments.models import Evidence, EvidenceKind, EvidenceStage, StoredFile
from dti.campaigns.models import Phase
from dti.jobs.models import Job, JobStatus
from dti.notifications.models import Notification
from tests.appraisals.cycle import build_cycle

pytestmark = pytest.mark.django_db

# Allowed users may still find nothing at these URLs: they show what the session holds (a
# password shown once), which the crawl never put there.
SESSION_PAGES = {"accounts:temporary_password", "accounts:import_passwords"}
# Signing out sends the user to the sign-in page: that redirect is its success.
SUCCESS_IS_LOGIN_PAGE = {"logout"}
# Django admin URLs that take an object id: one per model is enough to check the gate.
ADMIN_SAMPLE = {
    "admin:index",
    "admin:agencies_agency_changelist",
    "admin:audit_auditevent_changelist",
}


def project_urls() -> list[tuple[str, URLPattern]]:
    found = []

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif pattern.name:
                found.append(
                    (f"{namespace}:{pattern.name}" if namespace else pattern.name, pattern)
                )

    walk(get_resolver().url_patterns)
    return found


def test_every_url_of_the_project_has_an_entry_in_the_table():
    missing = [name for name, _pattern in project_urls() if url_action(name) is None]
    assert missing == [], f"add these URLs to URL_ACTIONS in dti/agencies/permissions.py: {missing}"


def test_the_table_names_no_url_that_does_not_exist():
    names = {name for name, _pattern in project_urls()}
    namespaces = {name.split(":", 1)[0] for name in names}
    stale = [
        key
        for key in URL_ACTIONS
        if (key.endswith(":*") and key[:-2] not in namespaces)
        or (not key.endswith(":*") and key not in names)
    ]
    assert stale == []


@dataclass
class World:
    """A published campaign with explanations, and one object of each kind per agency."""

    cycle: object
    objects: dict  # kind → {"own": obj, "other": obj}
    users: dict  # principal name → user or None
    fixed: dict  # URL argument → value for objects without agency scope


@pytest.fixture
def world(settings, tmp_path) -> World:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }
    cycle = build_cycle()
    for code in ("SCT", "SYT"):
        appraisal = cycle.appraisal(code, "1.1")
        decide(
            appraisal,
            expected_version=appraisal.version,
            decision=Decision.ADJUSTED,
            values={"meetings": "2"},
            reason="Thiếu biên bản",
            by=cycle.appraisers["SKHCN"],
        )
    cycle.accept_all(1)
    cycle.move(Phase.EXPLANATION)
    explanation_evidence = {}
    for code in ("SCT", "SYT"):
        response = cycle.response(code, "1.1")
        save_explanation(response, "Bổ sung biên bản", cycle.staff[code])
        explanation_evidence[code] = add_link_evidence(
            response,
            "https://example.gov.vn/bo-sung",
            "Bổ sung",
            cycle.staff[code],
            stage=EvidenceStage.EXPLANATION,
        )
        submit_explanations(cycle.assessment(code), cycle.leaders[code])
    cycle.move(Phase.APPRAISAL_2)
    cycle.accept_all(2)
    cycle.move(Phase.PUBLISHED)

    coordinator = cycle.coordinator
    job = Job.objects.create(
        kind="results_workbook",
        created_by=coordinator,
        status=JobStatus.DONE,
        result_name="ket-qua.xlsx",
        result_content_type="application/octet-stream",
    )
    job.result_storage_name = storages["default"].save(
        "jobs/test/ket-qua.xlsx", ContentFile(b"data")
    )
    job.save()
    notification = Notification.objects.create(user=coordinator, kind="test", title="Thử", url="/")
    client = ApiClient.objects.create(
        name="Cổng DVC", token_hash="0" * 64, token_prefix="dti_0000", created_by=coordinator
    )

    pdf = b"%PDF-1.4\n%test\n%%EOF\n"
    stored = StoredFile.objects.create(
        sha256="1" * 64,
        size=len(pdf),
        content_type="application/pdf",
        storage_name=storages["default"].save("evidence/test.pdf", ContentFile(pdf)),
    )

    def self_evidence(agency, indicator):
        """A file (downloadable) attached to the agency's response."""
        response = cycle.response(agency, indicator)
        return Evidence.objects.create(
            assessment=response.assessment,
            response=response,
            kind=EvidenceKind.FILE,
            stored_file=stored,
            original_name="bien-ban.pdf",
            uploaded_by=cycle.staff[agency],
        )

    # "own": the signed-in agency's object (SCT), or for an appraiser one of an indicator
    # assigned to its department (SKHCN: 1.1, 1.2); "other": SYT's, on VPUB's indicator 2.1.
    objects = {
        "assessment": {"own": cycle.assessment("SCT"), "other": cycle.assessment("SYT")},
        "evidence": {"own": self_evidence("SCT", "1.1"), "other": self_evidence("SYT", "2.1")},
        "appraisal": {"own": cycle.appraisal("SCT", "1.1"), "other": cycle.appraisal("SYT", "2.1")},
        "response": {"own": cycle.response("SCT", "1.1"), "other": cycle.response("SYT", "2.1")},
        "explanation_evidence": {
            "own": explanation_evidence["SCT"],
            "other": explanation_evidence["SYT"],
        },
        "notification": {"own": notification, "other": notification},
        "job": {"own": job, "other": job},
    }
    users = {
        "anonymous": None,
        "coordinator": coordinator,
        "working_group": cycle.working_group,
        "appraiser": cycle.appraisers["SKHCN"],
        "council_member": cycle.council[0],
        "agency_staff": cycle.staff["SCT"],
        "agency_leader": cycle.leaders["SCT"],
    }
    campaign = cycle.campaign
    fixed = {
        "campaign_id": campaign.pk,
        "framework_id": campaign.frameworks.get().pk,
        "code": "1.1",
        "tier": "department",
        "fmt": "csv",
        "file_format": "csv",
        "kind": "workbook",
        "assessment_id": cycle.assessment("SCT").pk,
        "agency": cycle.agencies["SYT"].pk,
        "account": cycle.staff["SYT"].pk,
        "api_client": client.pk,
    }
    return World(cycle, objects, users, fixed)


# Which object a URL argument names, per URL (the same argument name means different things in
# different URLs: "pk" is a framework, a campaign, an account, an assessment …).
def argument_value(url_name: str, argument: str, world: World, variant: str):
    _action, kind = url_action(url_name)
    if argument == "pk":
        namespace = url_name.split(":")[0]
        by_namespace = {
            "frameworks": world.fixed["framework_id"],
            "campaigns": world.fixed["campaign_id"],
            "agencies": world.fixed["agency"],
            "accounts": world.fixed["account"],
            "api_clients": world.fixed["api_client"],
        }
        if namespace in by_namespace:
            return by_namespace[namespace]
        return world.objects[kind][variant].pk
    if argument == "assessment_id":
        if kind == "assessment":
            return world.objects["assessment"][variant].pk
        return world.fixed["assessment_id"]
    if argument == "evidence_id":
        kind_of_evidence = "explanation_evidence" if "explain" in url_name else "evidence"
        return world.objects[kind_of_evidence][variant].pk
    if argument == "appraisal_id":
        return world.objects["appraisal"][variant].pk
    if argument == "response_id":
        return world.objects["response"][variant].pk
    if argument == "code" and url_name == "portal:agency":
        return "SCT"
    return world.fixed[argument]


def expected_allowed(user, url_name: str, world: World, variant: str) -> bool:
    action, kind = url_action(url_name)
    if action == PUBLIC:
        return True
    if user is None:
        return False
    if action == SIGNED_IN:
        return kind is None or user == world.cycle.coordinator  # the objects are the coordinator's
    if action == ADMIN:
        return user.is_staff
    obj = world.objects[kind][variant] if kind else None
    return can(user, action, obj)


def is_refusal(response) -> bool:
    location = response.get("Location", "")
    to_login = response.status_code == 302 and (
        location.startswith("/login/") or location.startswith("/admin/login/")
    )
    return response.status_code in (403, 404) or to_login


def request(client, url: str):
    response = client.get(url)
    if response.status_code == 405:  # an action URL: try it the way a form would
        response = client.post(url, {})
    return response


def urls_to_check() -> list[tuple[str, URLPattern]]:
    checked = []
    for name, pattern in project_urls():
        action, _kind = url_action(name)
        if action == API_TOKEN:
            continue  # token-authenticated: tests/api checks every refusal
        if action == ADMIN and name not in ADMIN_SAMPLE:
            continue
        checked.append((name, pattern))
    return checked


@pytest.mark.parametrize(
    "principal",
    [
        "anonymous",
        "coordinator",
        "working_group",
        "appraiser",
        "council_member",
        "agency_staff",
        "agency_leader",
    ],
)
def test_every_url_allows_or_refuses_each_role_as_the_table_says(client, world, principal):
    user = world.users[principal]
    wrong = []
    for name, pattern in urls_to_check():
        _action, kind = url_action(name)
        variants = (
            ["own", "other"]
            if kind in ("assessment", "evidence", "appraisal", "response")
            else ["own"]
        )
        for variant in variants:
            kwargs = {
                argument: argument_value(name, argument, world, variant)
                for argument in pattern.pattern.converters
            }
            url = reverse(name, kwargs=kwargs)
            client.logout()
            if user is not None:
                user.refresh_from_db()
                client.force_login(user)
            response = request(client, url)
            assert response.status_code < 500, (name, url, response.status_code)
            allowed = expected_allowed(user, name, world, variant)
            refused = is_refusal(response)
            tolerated = (name in SESSION_PAGES and response.status_code in (302, 404)) or (
                name in SUCCESS_IS_LOGIN_PAGE and response.status_code == 302
            )
            if allowed and refused and not tolerated:
                wrong.append(
                    f"{url} ({name}, {variant}): refused with {response.status_code} "
                    "but the table allows it"
                )
            if not allowed and not refused:
                wrong.append(
                    f"{url} ({name}, {variant}): answered {response.status_code} but "
                    "the table refuses it"
                )
    assert wrong == [], "\n".join(wrong)
