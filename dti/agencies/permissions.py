"""Who may do what: one table, one function.

``PERMISSIONS`` maps an action to the roles allowed to take it and the scope of objects they may
take it on. Views and API endpoints call ``can`` (or ``require``); the URL × role test reads the
same table. A new action needs a row here before any view can use it.

Scopes:
- ``ALL``: every object of that kind.
- ``OWN_AGENCY``: only objects that belong to the user's own agency.
- ``ASSIGNED``: only objects about an indicator assigned to the user's (appraising) department.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .models import Role

ALL = "all"
OWN_AGENCY = "own_agency"
ASSIGNED = "assigned"

PERMISSIONS: dict[str, dict[str, str]] = {
    # Frameworks and agencies
    "framework.view": {
        Role.COORDINATOR: ALL,
        Role.WORKING_GROUP: ALL,
        Role.APPRAISER: ALL,
        Role.COUNCIL_MEMBER: ALL,
    },
    "framework.manage": {Role.COORDINATOR: ALL},
    "agency.view": {Role.COORDINATOR: ALL, Role.WORKING_GROUP: ALL},
    "agency.manage": {Role.COORDINATOR: ALL},
    "account.manage": {Role.COORDINATOR: ALL},
    # Campaigns: creation, deadlines, phase moves, extensions, the progress dashboard
    "campaign.view": {Role.COORDINATOR: ALL, Role.WORKING_GROUP: ALL},
    "campaign.manage": {Role.COORDINATOR: ALL},
    # An agency's assessment, its responses and evidence
    "assessment.view": {
        Role.COORDINATOR: ALL,
        Role.WORKING_GROUP: ALL,
        Role.AGENCY_STAFF: OWN_AGENCY,
        Role.AGENCY_LEADER: OWN_AGENCY,
    },
    "assessment.edit": {Role.AGENCY_STAFF: OWN_AGENCY, Role.AGENCY_LEADER: OWN_AGENCY},
    "assessment.mark_ready": {Role.AGENCY_STAFF: OWN_AGENCY, Role.AGENCY_LEADER: OWN_AGENCY},
    "assessment.submit": {Role.AGENCY_LEADER: OWN_AGENCY},
    "evidence.view": {
        Role.COORDINATOR: ALL,
        Role.WORKING_GROUP: ALL,
        Role.AGENCY_STAFF: OWN_AGENCY,
        Role.AGENCY_LEADER: OWN_AGENCY,
        Role.APPRAISER: ASSIGNED,
    },
    # Appraisal: who appraises what, the appraisals themselves, explanations, the council
    "assignment.view": {Role.COORDINATOR: ALL, Role.WORKING_GROUP: ALL, Role.APPRAISER: ALL},
    "assignment.manage": {Role.COORDINATOR: ALL},
    "appraisal.view": {
        Role.COORDINATOR: ALL,
        Role.WORKING_GROUP: ALL,
        Role.APPRAISER: ASSIGNED,
    },
    "appraisal.edit": {Role.APPRAISER: ASSIGNED, Role.WORKING_GROUP: ALL},
    "appraisal.consolidate": {Role.COORDINATOR: ALL, Role.WORKING_GROUP: ALL},
    "results.own": {Role.AGENCY_STAFF: OWN_AGENCY, Role.AGENCY_LEADER: OWN_AGENCY},
    "explanation.edit": {Role.AGENCY_STAFF: OWN_AGENCY, Role.AGENCY_LEADER: OWN_AGENCY},
    "explanation.submit": {Role.AGENCY_LEADER: OWN_AGENCY},
    "council.view": {Role.COORDINATOR: ALL, Role.WORKING_GROUP: ALL, Role.COUNCIL_MEMBER: ALL},
    "council.opinion": {Role.COUNCIL_MEMBER: ALL},
    "campaign.finalize": {Role.COORDINATOR: ALL},
    # Results: reports, PAR Index conversion, award proposals (the public portal needs no role)
    "report.generate": {Role.COORDINATOR: ALL, Role.WORKING_GROUP: ALL},
    "scorecard.own": {Role.AGENCY_STAFF: OWN_AGENCY, Role.AGENCY_LEADER: OWN_AGENCY},
    "par.manage": {Role.COORDINATOR: ALL},
    "award.manage": {Role.COORDINATOR: ALL},
    # JSON API clients (tokens for automatic measurement); API requests themselves carry a token
    "apiclient.manage": {Role.COORDINATOR: ALL},
    # The audit trail: reading and exporting it (nobody may change it)
    "audit.view": {Role.COORDINATOR: ALL},
    # Background jobs of everybody and of the scheduler (cron): their progress, result and error
    "job.view": {Role.COORDINATOR: ALL},
}


def agency_id_of(obj: Any) -> int | None:
    """The agency an object belongs to: itself, its ``agency_id`` or its ``owner_agency_id``."""
    from .models import Agency

    if isinstance(obj, Agency):
        return obj.pk
    for attribute in ("agency_id", "owner_agency_id"):
        if hasattr(obj, attribute):
            return getattr(obj, attribute)
    raise TypeError(f"{type(obj).__name__} has no agency to check a scope against")


def indicator_id_of(obj: Any) -> int:
    """The indicator an object is about: a response, an appraisal or evidence of a response."""
    if hasattr(obj, "indicator_id"):
        return obj.indicator_id
    response = getattr(obj, "response", None)
    if response is not None:
        return response.indicator_id
    raise TypeError(f"{type(obj).__name__} is not about one indicator")


def _assigned(user: Any, obj: Any) -> bool:
    from dti.appraisals.models import Assignment

    if user.agency_id is None:
        return False
    return Assignment.objects.filter(
        indicator_id=indicator_id_of(obj), department_id=user.agency_id
    ).exists()


def _in_scope(user: Any, scope: str, obj: Any) -> bool:
    if scope == ALL or obj is None:
        return True
    if scope == OWN_AGENCY:
        return user.agency_id is not None and agency_id_of(obj) == user.agency_id
    if scope == ASSIGNED:
        return _assigned(user, obj)
    raise ValueError(f"unknown scope {scope!r}")


def can(user: Any, action: str, obj: Any = None) -> bool:
    """May ``user`` take ``action`` (on ``obj``, when the action concerns one object)?"""
    if action not in PERMISSIONS:
        raise KeyError(f"action {action!r} is not in the permission table")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    scope = PERMISSIONS[action].get(user.role)
    return scope is not None and _in_scope(user, scope, obj)


def require(user: Any, action: str, obj: Any = None) -> None:
    if not can(user, action, obj):
        raise PermissionDenied(action)


def permission_required(action: str) -> Callable:
    """View decorator: anonymous users go to the login page, others without the right get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            require(request.user, action)
            return view(request, *args, **kwargs)

        wrapped.permission_action = action
        return wrapped

    return decorator


# Where each URL of the project enforces the table above: URL name → (action, the kind of object
# its scope is checked against, or None). Besides the actions of PERMISSIONS:
# - PUBLIC: anyone, without signing in;
# - SIGNED_IN: any signed-in user; with an object kind, only on their own objects (the view looks
#   them up among the user's own, so another user's id is "not found");
# - ADMIN: Django admin, whose only staff are coordinators (``create_account``).
# Every URL has its own entry, except Django admin's ("admin:*"): Django makes those from the
# registered models, all behind the one gate of the admin site. The operations of the JSON API
# are in API_OPERATIONS below, by method and path. The URL × role test reads this table: a URL
# without an entry here fails it.
PUBLIC = "public"
SIGNED_IN = "signed_in"
ADMIN = "admin"

URL_ACTIONS: dict[str, tuple[str, str | None]] = {
    "home": (PUBLIC, None),
    "login": (PUBLIC, None),
    "logout": (SIGNED_IN, None),
    "set_language": (PUBLIC, None),
    "health": (PUBLIC, None),
    "frameworks:list": ("framework.view", None),
    "frameworks:import": ("framework.manage", None),
    "frameworks:detail": ("framework.view", None),
    "frameworks:applicability": ("framework.view", None),
    "frameworks:export_yaml": ("framework.view", None),
    "frameworks:export_xlsx": ("framework.view", None),
    "agencies:list": ("agency.view", None),
    "agencies:import": ("agency.manage", None),
    "agencies:detail": ("agency.view", None),
    "accounts:list": ("account.manage", None),
    "accounts:create": ("account.manage", None),
    "accounts:import": ("account.manage", None),
    "accounts:import_template": ("account.manage", None),
    "accounts:import_passwords": ("account.manage", None),
    "accounts:edit": ("account.manage", None),
    "accounts:deactivate": ("account.manage", None),
    "accounts:activate": ("account.manage", None),
    "accounts:reset_password": ("account.manage", None),
    "accounts:unlock": ("account.manage", None),
    "accounts:reset_two_factor": ("account.manage", None),
    "accounts:temporary_password": ("account.manage", None),
    "accounts:password_change": (SIGNED_IN, None),
    "accounts:two_factor": (SIGNED_IN, None),
    "accounts:two_factor_verify": (SIGNED_IN, None),
    "api_clients:list": ("apiclient.manage", None),
    "api_clients:create": ("apiclient.manage", None),
    "api_clients:token": ("apiclient.manage", None),
    "api_clients:revoke": ("apiclient.manage", None),
    "campaigns:list": ("campaign.view", None),
    "campaigns:create": ("campaign.manage", None),
    "campaigns:detail": ("campaign.view", None),
    "campaigns:move_phase": ("campaign.manage", None),
    "campaigns:deadlines": ("campaign.manage", None),
    "campaigns:extension": ("campaign.manage", None),
    "campaigns:dashboard": ("campaign.view", None),
    "campaigns:dashboard_export_xlsx": ("campaign.view", None),
    "campaigns:dashboard_export_csv": ("campaign.view", None),
    "assessments:mine": ("assessment.edit", None),
    "assessments:overview": ("assessment.view", "assessment"),
    "assessments:indicator": ("assessment.view", "assessment"),
    "assessments:preview": ("assessment.edit", "assessment"),
    "assessments:ready": ("assessment.mark_ready", "assessment"),
    "assessments:submit": ("assessment.submit", "assessment"),
    "assessments:evidence_add": ("assessment.edit", "assessment"),
    "assessments:evidence_download": ("evidence.view", "evidence"),
    "assessments:evidence_delete": ("assessment.edit", "evidence"),
    "assessments:excel_download": ("assessment.view", "assessment"),
    "assessments:excel_upload": ("assessment.edit", "assessment"),
    "assessments:excel_confirm": ("assessment.edit", "assessment"),
    "appraisals:assignments": ("assignment.view", None),
    "appraisals:assignments_defaults": ("assignment.manage", None),
    "appraisals:assignments_export": ("assignment.view", None),
    "appraisals:assignments_import": ("assignment.manage", None),
    "appraisals:home": ("appraisal.view", None),
    "appraisals:queue": ("appraisal.view", None),
    "appraisals:bulk_accept": ("appraisal.edit", None),
    "appraisals:progress": ("appraisal.view", None),
    "appraisals:consolidation": ("appraisal.consolidate", None),
    "appraisals:consolidation_agency": ("appraisal.consolidate", None),
    "appraisals:consolidation_export": ("appraisal.consolidate", None),
    "appraisals:item": ("appraisal.view", "appraisal"),
    "appraisals:item_preview": ("appraisal.edit", "appraisal"),
    "appraisals:open_round_two": ("appraisal.edit", "response"),
    "appraisals:agency_results": ("results.own", "assessment"),
    "appraisals:explain": ("explanation.edit", "assessment"),
    "appraisals:explain_evidence": ("explanation.edit", "assessment"),
    "appraisals:explain_evidence_delete": ("explanation.edit", "assessment"),
    "appraisals:submit_explanations": ("explanation.submit", "assessment"),
    "appraisals:council_home": ("council.view", None),
    "appraisals:council": ("council.view", None),
    "appraisals:council_agency": ("council.view", None),
    "appraisals:tally": ("campaign.finalize", None),
    "appraisals:reopen": ("campaign.finalize", None),
    "results:reports": ("report.generate", None),
    "results:report_start": ("report.generate", None),
    "results:own_scorecard": ("scorecard.own", "assessment"),
    "results:par": ("par.manage", None),
    "results:par_export": ("par.manage", None),
    "results:awards": ("award.manage", None),
    "results:awards_export": ("award.manage", None),
    "audit:list": ("audit.view", None),
    "audit:export": ("audit.view", None),
    "notifications:list": (SIGNED_IN, None),
    "notifications:read": (SIGNED_IN, "notification"),
    "notifications:read_all": (SIGNED_IN, None),
    "jobs:list": ("job.view", None),
    # A job's own pages: its creator's, and every job's for those who may take job.view.
    "jobs:detail": (SIGNED_IN, "job"),
    "jobs:status": (SIGNED_IN, "job"),
    "jobs:download": (SIGNED_IN, "job"),
    "portal:index": (PUBLIC, None),
    "portal:ranking": (PUBLIC, None),
    "portal:agency": (PUBLIC, None),
    "portal:opendata_page": (PUBLIC, None),
    "portal:opendata": (PUBLIC, None),
    "portal:opendata_codebook": (PUBLIC, None),
    # The JSON API's own pages (its operations are in API_OPERATIONS).
    "api:api-root": (PUBLIC, None),
    "api:openapi-json": (PUBLIC, None),
    "api:openapi-view": (PUBLIC, None),
    "api:unknown_address": (PUBLIC, None),
    "admin:*": (ADMIN, None),
}

# Who may call each operation of the JSON API, by method and path (as the OpenAPI document
# writes them): one API URL may serve several methods, each with its own entry. API requests
# carry a client's token, not a session:
# - PUBLIC: anyone, without a token;
# - API_TOKEN: the token of any active client (401 without one); the answer covers only the
#   client's agencies when it names some;
# - API_TOKEN_FOR_INDICATOR: the token of an active client scoped to the indicator of the path,
#   and to its agency when the client names agencies (401 without a token, 403 outside its scope).
# tests/core/test_api_urls.py calls every operation the API answers against this table: an
# operation without an entry fails it.
API_TOKEN = "api_token"
API_TOKEN_FOR_INDICATOR = "api_token_for_indicator"

API_OPERATIONS: dict[tuple[str, str], str] = {
    ("GET", "/api/frameworks"): PUBLIC,
    ("GET", "/api/frameworks/{framework_id}"): PUBLIC,
    ("GET", "/api/campaigns"): PUBLIC,
    ("GET", "/api/campaigns/{campaign_id}/assessments"): API_TOKEN,
    ("GET", "/api/results"): PUBLIC,
    ("GET", "/api/results/{campaign_id}"): PUBLIC,
    (
        "PUT",
        "/api/measurements/{campaign_id}/{agency_code}/{indicator_code}",
    ): API_TOKEN_FOR_INDICATOR,
}


# Pages whose form takes another action than reading the page: anyone with the URL_ACTIONS entry
# may open the page, only those with this action may send it (on the same kind of object).
POST_ACTIONS: dict[str, str] = {
    "assessments:indicator": "assessment.edit",
    "appraisals:item": "appraisal.edit",
    "appraisals:assignments": "assignment.manage",
    "appraisals:council": "council.opinion",
}


def url_action(url_name: str) -> tuple[str, str | None] | None:
    """The table entry of a URL name: its own, or for Django admin the namespace's."""
    if url_name in URL_ACTIONS:
        return URL_ACTIONS[url_name]
    namespace = url_name.split(":", 1)[0]
    return URL_ACTIONS.get(f"{namespace}:*")


SCOPE_WORDS = {ALL: "all", OWN_AGENCY: "own agency", ASSIGNED: "assigned indicators"}


def permission_table_markdown() -> str:
    """PERMISSIONS as the Markdown table the README shows (``manage.py permission_table``)."""
    roles = [
        Role.COORDINATOR,
        Role.WORKING_GROUP,
        Role.APPRAISER,
        Role.COUNCIL_MEMBER,
        Role.AGENCY_STAFF,
        Role.AGENCY_LEADER,
    ]
    lines = [
        "| action | " + " | ".join(str(role.label) for role in roles) + " |",
        "| --- |" + " --- |" * len(roles),
    ]
    for action, row in PERMISSIONS.items():
        cells = [SCOPE_WORDS[row[role]] if role in row else "—" for role in roles]
        lines.append(f"| `{action}` | " + " | ".join(cells) + " |")
    return "\n".join(lines)
