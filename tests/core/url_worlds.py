"""Campaigns at each phase with one object of each kind per agency, and the URL walking both URL ×
role tests share (tests/core/test_url_permissions.py for reading, test_url_permissions_post.py
for writing).

In every world "own" is the object of the signed-in agency (SCT), or for an appraiser one of an
indicator assigned to its department (SKHCN: 1.1, 1.2); "other" is SYT's, on an indicator another
department appraises where the world has one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.urls import URLPattern, URLResolver, get_resolver

from dti.agencies.models import Role
from dti.agencies.permissions import ADMIN, PUBLIC, SIGNED_IN, can, url_action
from dti.api.models import ApiClient
from dti.appraisals.models import Decision
from dti.appraisals.services import decide, save_explanation, set_assignments, submit_explanations
from dti.assessments.evidence import add_link_evidence
from dti.assessments.models import Evidence, EvidenceKind, EvidenceStage, StoredFile
from dti.assessments.services import save_response
from dti.campaigns.models import Phase
from dti.jobs.models import Job, JobStatus
from dti.notifications.models import Notification
from dti.results.services import reopen_campaign
from tests.appraisals.cycle import ASSIGNMENT_PLAN, Cycle, build_cycle
from tests.appraisals.explanation_helpers import explanation_link
from tests.assessments.helpers import FULL_ANSWERS, attach_link, open_deadlines
from tests.factories import make_agency, make_campaign, make_user

PRINCIPALS = [
    "anonymous",
    "coordinator",
    "working_group",
    "appraiser",
    "council_member",
    "agency_staff",
    "agency_leader",
]
# Object kinds whose scope depends on the agency (or the assigned indicator): checked with the
# user's own object and another agency's.
SCOPED_KINDS = ("assessment", "evidence", "appraisal", "response")
ADMIN_NAMESPACE = "admin"
# The JSON API answers tokens, not sessions: tests/core/test_api_urls.py walks it.
API_NAMESPACE = "api"


@dataclass
class World:
    """A campaign at some phase, and one object of each kind per agency."""

    cycle: Cycle
    objects: dict  # kind → {"own": obj, "other": obj}
    users: dict  # principal name → user or None
    fixed: dict  # URL argument → value for objects without agency scope


def _every_pattern() -> list[tuple[str | None, str | None, URLPattern, str]]:
    """(namespace, name, pattern, full route) of every URL pattern of the project, named or
    not."""
    found = []

    def walk(patterns, namespace=None, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace, route)
            else:
                found.append((namespace, pattern.name, pattern, route))

    walk(get_resolver().url_patterns)
    return found


def project_urls() -> list[tuple[str, URLPattern]]:
    """(namespaced name, pattern) of every named URL pattern of the project."""
    return [
        (f"{namespace}:{name}" if namespace else name, pattern)
        for namespace, name, pattern, _route in _every_pattern()
        if name
    ]


def unnamed_urls() -> list[str]:
    """Routes of the URL patterns that have no name, outside Django admin (whose unnamed
    patterns are its own redirects and catch-all, behind the admin gate): a URL without a name
    cannot have an entry in URL_ACTIONS."""
    return [
        route
        for namespace, name, _pattern, route in _every_pattern()
        if not name and namespace != ADMIN_NAMESPACE
    ]


def api_paths() -> dict[str, str]:
    """URL name → path of every named URL of the JSON API, written as its OpenAPI document
    writes paths ("/api/frameworks/{framework_id}")."""
    return {
        f"{API_NAMESPACE}:{name}": "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
        for namespace, name, _pattern, route in _every_pattern()
        if namespace == API_NAMESPACE and name
    }


def is_api_url(url_name: str) -> bool:
    return url_name.startswith(f"{API_NAMESPACE}:")


def variants_of(kind: str | None) -> list[str]:
    return ["own", "other"] if kind in SCOPED_KINDS else ["own"]


# Which object a URL argument names, per URL (the same argument name means different things in
# different URLs: "pk" is a framework, a campaign, an account, an assessment …).
def argument_value(url_name: str, argument: str, world: World, variant: str):
    _action, kind = url_action(url_name)
    if argument == "pk":
        namespace = url_name.split(":")[0]
        by_namespace = {
            "frameworks": "framework_id",
            "campaigns": "campaign_id",
            "agencies": "agency",
            "accounts": "account",
            "api_clients": "api_client",
        }
        if namespace in by_namespace:
            return world.fixed[by_namespace[namespace]]
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


def url_kwargs(url_name: str, pattern: URLPattern, world: World, variant: str) -> dict:
    return {
        argument: argument_value(url_name, argument, world, variant)
        for argument in pattern.pattern.converters
    }


def expected_allowed(user, action: str, kind: str | None, world: World, variant: str) -> bool:
    """What the permission table says about ``user`` taking ``action`` at a URL."""
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


def _users(cycle: Cycle) -> dict:
    return {
        "anonymous": None,
        "coordinator": cycle.coordinator,
        "working_group": cycle.working_group,
        "appraiser": cycle.appraisers["SKHCN"],
        "council_member": cycle.council[0],
        "agency_staff": cycle.staff["SCT"],
        "agency_leader": cycle.leaders["SCT"],
    }


def _fixed(cycle: Cycle, **more) -> dict:
    campaign = cycle.campaign
    return {
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
        **more,
    }


def _scoped(cycle: Cycle, own_code: str, other_code: str, round_number: int = 1) -> dict:
    return {
        "assessment": {"own": cycle.assessment("SCT"), "other": cycle.assessment("SYT")},
        "appraisal": {
            "own": cycle.appraisal("SCT", own_code, round_number),
            "other": cycle.appraisal("SYT", other_code, round_number),
        },
        "response": {
            "own": cycle.response("SCT", own_code),
            "other": cycle.response("SYT", other_code),
        },
    }


def _adjust_both(cycle: Cycle) -> None:
    """Round 1 cuts indicator 1.1 of both agencies, so that both have something to explain."""
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


def _explained(cycle: Cycle) -> dict:
    """Both agencies explain 1.1 with supplementary evidence and sign off (in the explanation
    phase); their evidence by agency code."""
    cycle.move(Phase.EXPLANATION)
    evidence = {}
    for code in ("SCT", "SYT"):
        response = cycle.response(code, "1.1")
        save_explanation(response, "Bổ sung biên bản", cycle.staff[code])
        evidence[code] = add_link_evidence(
            response,
            "https://example.gov.vn/bo-sung",
            "Bổ sung",
            cycle.staff[code],
            stage=EvidenceStage.EXPLANATION,
        )
        submit_explanations(cycle.assessment(code), cycle.leaders[code])
    return evidence


def draft_world() -> World:
    """Self-assessment open: both agencies have answered everything (with evidence) and
    submitted nothing; the assignments are set."""
    coordinator = make_user(Role.COORDINATOR)
    departments = {
        code: make_agency(code, name=f"Sở {code}", is_appraising_unit=True, is_assessed=False)
        for code in ("SKHCN", "VPUB")
    }
    agencies = {code: make_agency(code, name=f"Sở {code}") for code in ("SCT", "SYT")}
    campaign = make_campaign(
        agencies.values(), by=coordinator, deadlines=open_deadlines(), phase=Phase.SELF_ASSESSMENT
    )
    cycle = Cycle(
        campaign=campaign,
        coordinator=coordinator,
        departments=departments,
        appraisers={code: make_user(Role.APPRAISER, unit) for code, unit in departments.items()},
        agencies=agencies,
        staff={code: make_user(Role.AGENCY_STAFF, agency) for code, agency in agencies.items()},
        leaders={code: make_user(Role.AGENCY_LEADER, agency) for code, agency in agencies.items()},
        working_group=make_user(Role.WORKING_GROUP),
        council=[make_user(Role.COUNCIL_MEMBER)],
    )
    evidence = {}
    for code in agencies:
        for response in cycle.assessment(code).responses.select_related("indicator"):
            save_response(
                response,
                values=FULL_ANSWERS[response.indicator.code],
                not_applicable=False,
                note="",
                by=cycle.staff[code],
            )
            evidence[(code, response.indicator.code)] = attach_link(response, cycle.staff[code])
    framework = campaign.frameworks.get()
    indicators = {item.code: item.pk for item in framework.indicators.all()}
    set_assignments(
        framework,
        {(indicators[code], departments[unit].pk) for code, unit in ASSIGNMENT_PLAN.items()},
        coordinator,
    )
    objects = {
        "assessment": {"own": cycle.assessment("SCT"), "other": cycle.assessment("SYT")},
        "evidence": {"own": evidence[("SCT", "1.1")], "other": evidence[("SYT", "2.1")]},
        "response": {"own": cycle.response("SCT", "1.1"), "other": cycle.response("SYT", "2.1")},
    }
    return World(cycle, objects, _users(cycle), _fixed(cycle))


def appraisal_world() -> World:
    """Both agencies submitted; appraisal round 1 is open and nothing is decided yet."""
    cycle = build_cycle(Phase.APPRAISAL_1)
    return World(cycle, _scoped(cycle, "1.1", "2.1"), _users(cycle), _fixed(cycle))


def explanation_world() -> World:
    """Indicator 1.1 of both agencies was cut in round 1; the explanation phase is open and
    both agencies explained it with supplementary evidence (nothing signed off yet)."""
    cycle = build_cycle()
    _adjust_both(cycle)
    cycle.move(Phase.EXPLANATION)
    for code in ("SCT", "SYT"):
        save_explanation(cycle.response(code, "1.1"), "Bổ sung biên bản", cycle.staff[code])
    objects = _scoped(cycle, "1.1", "1.1")
    objects["explanation_evidence"] = {
        "own": explanation_link(cycle, "SCT", "1.1"),
        "other": explanation_link(cycle, "SYT", "1.1"),
    }
    return World(cycle, objects, _users(cycle), _fixed(cycle))


def round_two_world() -> World:
    """The finalised campaign was reopened for a correction (appraisal round 2 again); only the
    explained indicator 1.1 has a round-2 item."""
    cycle = build_cycle()
    _adjust_both(cycle)
    _explained(cycle)
    cycle.move(Phase.APPRAISAL_2)
    cycle.accept_all(2)
    cycle.move(Phase.FINALIZED)
    reopen_campaign(cycle.campaign, "Sửa lỗi nhập liệu", cycle.coordinator)
    return World(cycle, _scoped(cycle, "1.2", "2.1"), _users(cycle), _fixed(cycle))


def council_world() -> World:
    """Both rounds decided; the council gives its opinions."""
    cycle = build_cycle()
    _adjust_both(cycle)
    _explained(cycle)
    cycle.move(Phase.APPRAISAL_2)
    cycle.accept_all(2)
    cycle.move(Phase.COUNCIL)
    return World(cycle, _scoped(cycle, "1.1", "2.1"), _users(cycle), _fixed(cycle))


def published_world() -> World:
    """A published campaign with explanations, and one object of each kind per agency (a file
    of evidence, a finished job, a notification and an API client besides)."""
    cycle = build_cycle()
    _adjust_both(cycle)
    explanation_evidence = _explained(cycle)
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

    objects = {
        **_scoped(cycle, "1.1", "2.1"),
        "evidence": {"own": self_evidence("SCT", "1.1"), "other": self_evidence("SYT", "2.1")},
        "explanation_evidence": {
            "own": explanation_evidence["SCT"],
            "other": explanation_evidence["SYT"],
        },
        "notification": {"own": notification, "other": notification},
        "job": {"own": job, "other": job},
    }
    return World(cycle, objects, _users(cycle), _fixed(cycle, api_client=client.pk))
