"""Every URL of the project POSTed as every role and as an anonymous visitor, with objects of
the user's own agency and of another, forms in the phase where they do something: a role the
permission table refuses gets 403 (or the sign-in page) and changes nothing; a role it allows
gets the change recorded in the audit trail. URLs without a case in POST_CASES are POSTed
empty in the published campaign (a page to read must change nothing when POSTed).

The GET walk (test_url_permissions.py) cannot see the write side of a page that anyone who may
read it can open: a coordinator may read an agency's indicator page, but only the agency may save
it. ``POST_ACTIONS`` in dti/agencies/permissions.py names the action such a form takes.

Each POST runs in a savepoint that is rolled back, so every role meets the same state. What a
POST changed is measured by the audit trail (every state change records an event there); the
"allowed" half proves that each payload below does record one when the table allows it, so
that "nothing recorded" for a refused role means the refusal, not a wrong payload.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from dti.agencies.permissions import (
    ADMIN,
    POST_ACTIONS,
    PUBLIC,
    URL_ACTIONS,
    url_action,
)
from dti.appraisals.assignment_excel import write_assignments
from dti.appraisals.assignment_selectors import assigned_pairs, pairs_fingerprint
from dti.appraisals.models import Appraisal
from dti.assessments.excel_form import write_form
from dti.audit.models import AuditEvent
from dti.campaigns.models import PHASE_ORDER, Phase
from tests.assessments.evidence_helpers import use_temporary_storage
from tests.assessments.helpers import FULL_ANSWERS
from tests.factories import PASSWORD

from .url_worlds import (
    PRINCIPALS,
    World,
    appraisal_world,
    council_world,
    draft_world,
    expected_allowed,
    explanation_world,
    is_api_url,
    is_refusal,
    project_urls,
    published_world,
    round_two_world,
    url_kwargs,
    variants_of,
)

pytestmark = pytest.mark.django_db

Payload = Callable[[World, str], dict]


@dataclass(frozen=True)
class PostCase:
    """Where a form is sent (the world of its phase), and what it sends. With ``writes`` the
    payload is one an allowed role's POST turns into a recorded change."""

    stage: str
    payload: Payload | None = None
    writes: bool = False


def _date(days: int) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).strftime("%d/%m/%Y")


def _file(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _answer(world: World, variant: str) -> dict:
    return {**FULL_ANSWERS["1.1"], "meetings": "3", "note": "Sửa số liệu"}


def _link(world: World, variant: str) -> dict:
    return {"url": "https://example.gov.vn/them", "title": "Tài liệu thêm"}


def _decision(world: World, variant: str) -> dict:
    appraisal = Appraisal.objects.select_related("response__indicator").get(
        pk=world.objects["appraisal"][variant].pk
    )
    return {
        **FULL_ANSWERS[appraisal.response.indicator.code],
        "decision": "accepted",
        "reason": "",
        "version": appraisal.version,
    }


def _both_appraisals(world: World, variant: str) -> dict:
    return {"items": [item.pk for item in world.objects["appraisal"].values()]}


def _one_assignment_less(world: World, variant: str) -> dict:
    framework = world.cycle.campaign.frameworks.get()
    pairs = sorted(assigned_pairs(framework))
    return {
        "assigned": [f"{indicator}:{department}" for indicator, department in pairs[1:]],
        "fingerprint": pairs_fingerprint(set(pairs)),
    }


def _assignment_matrix(world: World, variant: str) -> dict:
    framework = world.cycle.campaign.frameworks.get()
    return {"file": _file("phan-cong.xlsx", write_assignments(framework))}


def _excel_form(world: World, variant: str) -> dict:
    return {"file": _file("tu-danh-gia.xlsx", write_form(world.objects["assessment"][variant]))}


def _deadlines(world: World, variant: str) -> dict:
    return {f"deadline_{phase}": _date(20 + index) for index, phase in enumerate(PHASE_ORDER)}


def _extension(world: World, variant: str) -> dict:
    return {"until": _date(30), "reason": "Mất điện kéo dài"}


def _new_account(world: World, variant: str) -> dict:
    return {
        "username": "nguoi.moi",
        "full_name": "Người Mới",
        "email": "",
        "role": "agency_staff",
        "agency": world.cycle.agencies["SYT"].pk,
        "password_mode": "generate",
    }


def _account_change(world: World, variant: str) -> dict:
    return {
        "full_name": "Tên đã sửa",
        "email": "",
        "role": "agency_staff",
        "agency": world.cycle.agencies["SYT"].pk,
    }


def _account_list(world: World, variant: str) -> dict:
    rows = (
        "username,full_name,email,role,agency_code,password\n"
        "nguoi.nhap,Người Nhập,,agency_staff,SYT,\n"
    )
    return {"file": _file("tai-khoan.csv", rows.encode())}


def _agency_list(world: World, variant: str) -> dict:
    return {"file": _file("co-quan.csv", "code,name,tier\nSXD,Sở Xây dựng,department\n".encode())}


def _own_password(world: World, variant: str) -> dict:
    new = "Mùa thu Hà Nội 2025"
    return {"current_password": PASSWORD, "new_password": new, "new_password_again": new}


def _reason(text: str) -> Payload:
    return lambda world, variant: {"reason": text}


def _fields(**fields) -> Payload:
    return lambda world, variant: dict(fields)


POST_CASES: dict[str, PostCase] = {
    # Self-assessment open, nothing submitted
    "assessments:indicator": PostCase("draft", _answer, writes=True),
    "assessments:preview": PostCase("draft", _answer),  # computes points, saves nothing
    "assessments:ready": PostCase("draft", writes=True),
    "assessments:submit": PostCase("draft", writes=True),
    "assessments:evidence_add": PostCase("draft", _link, writes=True),
    "assessments:evidence_delete": PostCase("draft", writes=True),
    "assessments:excel_upload": PostCase("draft", _excel_form),  # a preview, kept in the session
    "assessments:excel_confirm": PostCase("draft"),  # applies only what the session previewed
    "campaigns:deadlines": PostCase("draft", _deadlines, writes=True),
    "campaigns:extension": PostCase("draft", _extension, writes=True),
    "appraisals:assignments": PostCase("draft", _one_assignment_less, writes=True),
    "appraisals:assignments_defaults": PostCase("draft", writes=True),
    "appraisals:assignments_import": PostCase("draft", _assignment_matrix),  # the same matrix
    # Appraisal round 1
    "appraisals:item": PostCase("appraisal", _decision, writes=True),
    "appraisals:item_preview": PostCase("appraisal", _decision),  # computes points only
    "appraisals:bulk_accept": PostCase("appraisal", _both_appraisals, writes=True),
    # Explanations
    "appraisals:explain": PostCase("explanation", _fields(text="Đã bổ sung"), writes=True),
    "appraisals:explain_evidence": PostCase("explanation", _link, writes=True),
    "appraisals:explain_evidence_delete": PostCase("explanation", writes=True),
    "appraisals:submit_explanations": PostCase("explanation", writes=True),
    # Appraisal round 2
    "appraisals:open_round_two": PostCase("round_two", writes=True),
    # Council
    "appraisals:council": PostCase("council", _fields(verdict="agree", comments=""), writes=True),
    "campaigns:move_phase": PostCase("council", _fields(to_phase=Phase.FINALIZED), writes=True),
    # Published; the pages that do not depend on the phase
    "appraisals:reopen": PostCase("published", _reason("Sửa lỗi nhập liệu"), writes=True),
    "results:report_start": PostCase("published", writes=True),
    "results:par": PostCase("published"),
    "results:awards": PostCase("published", _fields(top_n="3", min_dti_value=""), writes=True),
    "accounts:create": PostCase("published", _new_account, writes=True),
    "accounts:edit": PostCase("published", _account_change, writes=True),
    "accounts:import": PostCase("published", _account_list, writes=True),
    "accounts:deactivate": PostCase("published", writes=True),
    "accounts:activate": PostCase("published"),  # the account is active already
    "accounts:reset_password": PostCase("published", writes=True),
    "accounts:unlock": PostCase("published"),  # nothing is locked
    "accounts:reset_two_factor": PostCase("published"),  # no device to reset
    "agencies:import": PostCase("published", _agency_list, writes=True),
    "frameworks:import": PostCase("published"),
    "campaigns:create": PostCase("published"),
    "api_clients:create": PostCase("published"),
    "api_clients:revoke": PostCase("published", _reason("Hết hạn"), writes=True),
    "notifications:read": PostCase("published"),  # the user's own, not audited
    "notifications:read_all": PostCase("published"),
    "accounts:password_change": PostCase("published", _own_password, writes=True),
    "accounts:two_factor": PostCase("published"),  # enrolment needs a code from the app
    "accounts:two_factor_verify": PostCase("published"),
    "login": PostCase("published"),
    "logout": PostCase("published"),
    "set_language": PostCase("published", _fields(language="en", next="/")),
    "admin:agencies_agency_changelist": PostCase("published"),  # no admin action chosen
}

WORLDS = {
    "draft": draft_world,
    "appraisal": appraisal_world,
    "explanation": explanation_world,
    "round_two": round_two_world,
    "council": council_world,
    "published": published_world,
}
# Django admin: one changelist stands for the gate every admin page shares.
ADMIN_SAMPLE = {"admin:agencies_agency_changelist"}


def post_action(url_name: str) -> tuple[str, str | None]:
    action, kind = url_action(url_name)
    return POST_ACTIONS.get(url_name, action), kind


def urls_of_stage(stage: str):
    for name, pattern in project_urls():
        if is_api_url(name):
            continue  # token-authenticated: test_api_urls.py
        action, _kind = url_action(name)
        if action == ADMIN and name not in ADMIN_SAMPLE:
            continue
        case = POST_CASES.get(name)
        if (case.stage if case else "published") == stage:
            yield name, pattern, case or PostCase("published")


def send(client, user, url: str, data: dict):
    """POST as ``user`` in a savepoint rolled back afterwards: the response, and the number of
    audit events the POST recorded."""
    with transaction.atomic():
        client.logout()
        if user is not None:
            client.force_login(user)
        before = AuditEvent.objects.count()
        response = client.post(url, data)
        recorded = AuditEvent.objects.count() - before
        transaction.set_rollback(True)
    return response, recorded


@pytest.fixture
def media(settings, tmp_path):
    return use_temporary_storage(settings, tmp_path / "media")


def test_every_case_is_a_url_of_the_project():
    names = {name for name, _pattern in project_urls()}
    assert set(POST_CASES) - names == set()
    assert set(POST_ACTIONS) <= set(URL_ACTIONS)


@pytest.mark.parametrize("stage", list(WORLDS))
def test_each_role_may_send_a_form_only_as_the_table_says(client, media, stage):
    world = WORLDS[stage]()
    wrong = []
    for name, pattern, case in urls_of_stage(stage):
        action, kind = post_action(name)
        for variant in variants_of(kind):
            url = reverse(name, kwargs=url_kwargs(name, pattern, world, variant))
            for principal in PRINCIPALS:
                user = world.users[principal]
                data = case.payload(world, variant) if case.payload else {}
                response, recorded = send(client, user, url, data)
                where = f"{principal} → POST {url} ({name}, {variant})"
                assert response.status_code < 500, where
                if response.status_code == 405:
                    continue  # the view takes no form
                allowed = expected_allowed(user, action, kind, world, variant)
                if allowed:
                    if case.writes and not recorded:
                        wrong.append(f"{where}: allowed, but the payload recorded no change")
                    if name not in POST_CASES and recorded:
                        wrong.append(f"{where}: a page to read changed something on POST")
                elif action != PUBLIC:
                    if not is_refusal(response):
                        wrong.append(f"{where}: answered {response.status_code}, not refused")
                    if recorded:
                        wrong.append(f"{where}: refused, yet {recorded} audit event(s) recorded")
    assert wrong == [], "\n".join(wrong)
