"""The JSON API: one NinjaAPI instance, mounted by config/urls.py at /api/.

Every answer is JSON, errors included: refusals of the services (``ApiProblem``), bad tokens,
invalid or unparsable bodies, unknown addresses, wrong methods and unexpected failures all come
as ``ErrorOut`` (``{"detail": ..., "errors": [{"field": ..., "message": ...}]}``).
"""

from __future__ import annotations

import json
import logging
from functools import wraps

from django.http import Http404, JsonResponse
from django.urls import URLPattern, path, re_path
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from .errors import ApiProblem, field_error
from .routers import campaigns, frameworks, measurements, results

logger = logging.getLogger(__name__)

DESCRIPTION = """
Read the Digital Transformation Index frameworks, campaigns, the agencies' progress and the
published results; write the inputs of automatically measured indicators.

**Authentication.** Reading frameworks, campaigns and published results needs nothing. The
agencies' progress and writing measurements need a client token, created by the coordinator
(page *API clients*), sent as `Authorization: Bearer <token>`. A token is scoped to named
indicators (and possibly agencies) and can be revoked.

**Numbers.** Points, maxima and DTI values are JSON strings holding a decimal number ("7.50",
"0.8125"), so that no precision is lost; counts and ranks are integers. Times are ISO 8601 with
their offset.

**Errors.** Every error is JSON: `{"detail": "...", "errors": [{"field": "...", "message":
"..."}]}`. Messages are in Vietnamese unless the request asks for English with
`Accept-Language: en`.

Example:

    curl -X PUT https://dti.example.gov.vn/api/measurements/7/SYT/1.2 \\
      -H "Authorization: Bearer dti_..." -H "Content-Type: application/json" \\
      -d '{"values": {"online": 930, "total": 1000}, "source": "Cổng DVC quốc gia",
           "measured_at": "2025-10-31T00:00:00+07:00"}'
"""

UNAUTHORIZED_HEADERS = {"WWW-Authenticate": 'Bearer realm="dti"'}


class DtiApi(NinjaAPI):
    """NinjaAPI whose own address space answers in JSON too: the root lists the documents,
    unknown addresses get a JSON 404 and wrong methods a JSON 405."""

    def _get_urls(self):
        patterns = [
            _with_json_method_refusal(pattern)
            for pattern in super()._get_urls()
            if getattr(pattern, "name", None) != "api-root"
        ]
        return [
            *patterns,
            # ninja finds the API's prefix by reversing "api-root".
            path("", _index, name="api-root"),
            re_path(r"^.*$", _unknown_address, name="unknown_address"),
        ]

    def get_openapi_operation_id(self, operation) -> str:
        """The view function's name, e.g. ``put_indicator_measurement``."""
        return operation.view_func.__name__


def _index(request):
    return JsonResponse({"docs": request.path + "docs", "openapi": request.path + "openapi.json"})


def _unknown_address(request):
    return _error(404, _("There is no such address in the API."))


def _with_json_method_refusal(pattern: URLPattern) -> URLPattern:
    view = pattern.callback

    @wraps(view)
    def json_refusal(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405:
            refusal = _error(
                405, _("The method %(method)s is not allowed here.") % {"method": request.method}
            )
            refusal["Allow"] = response["Allow"]
            return refusal
        return response

    return URLPattern(pattern.pattern, json_refusal, pattern.default_args, pattern.name)


def _error(status: int, detail: str, errors=None, headers=None) -> JsonResponse:
    return JsonResponse({"detail": detail, "errors": errors or []}, status=status, headers=headers)


def _in_requested_language(run):
    """Messages in English when the client asks for it, otherwise the platform's language."""

    @wraps(run)
    def wrapped(request, *args, **kwargs):
        accepted = request.headers.get("Accept-Language", "")
        first = accepted.split(",")[0].split(";")[0].strip().lower()
        if first.startswith("en"):
            with translation.override("en"):
                return run(request, *args, **kwargs)
        return run(request, *args, **kwargs)

    return wrapped


api = DtiApi(
    title="DTI platform API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
)
api.add_router("/frameworks", frameworks.router)
api.add_router("/campaigns", campaigns.router)
api.add_router("/results", results.router)
api.add_router("/measurements", measurements.router)
api.add_decorator(_in_requested_language, mode="view")


@api.exception_handler(ApiProblem)
def _problem(request, exc: ApiProblem):
    headers = UNAUTHORIZED_HEADERS if exc.status == 401 else None
    return _error(exc.status, exc.detail, exc.errors, headers)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc: AuthenticationError):
    return _error(
        401,
        _(
            "The API token is missing, unknown or revoked; send a valid one as "
            "“Authorization: Bearer <token>”."
        ),
        headers=UNAUTHORIZED_HEADERS,
    )


@api.exception_handler(ValidationError)
def _invalid_request(request, exc: ValidationError):
    return _error(
        422,
        _("The request is not valid."),
        [field_error(_field_name(item.get("loc", ())), item.get("msg", "")) for item in exc.errors],
    )


def _field_name(location) -> str:
    """'values.level' for the body's fields, 'path.campaign_id' for the path's."""
    parts = [str(part) for part in location]
    if parts[:1] == ["body"]:
        return ".".join(parts[2:]) or "body"  # parts[1] is the body parameter's name
    return ".".join(parts)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    if isinstance(exc.__cause__, ValueError):  # the body is not JSON (json.JSONDecodeError)
        return _error(
            422,
            _("The request body is not valid JSON."),
            [field_error("body", _json_problem(exc.__cause__))],
        )
    return _error(exc.status_code, str(exc))


def _json_problem(error: ValueError) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"{error.msg} (line {error.lineno}, column {error.colno})"
    return str(error)


@api.exception_handler(Http404)
def _not_found(request, exc: Http404):
    return _error(404, _("Not found."))


@api.exception_handler(Exception)
def _unexpected(request, exc: Exception):
    logger.exception("API request failed: %s %s", request.method, request.path)
    return _error(500, _("Something went wrong on our side. Please try again later."))
