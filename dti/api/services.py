"""API actions: creating and revoking clients, recognising tokens, storing measurements.

Client management is the coordinator's (``apiclient.manage``) and audited. A measurement is
written on behalf of a client, not a user: ``put_measurement`` checks the client's scope and the
values, then stores them through ``dti.assessments.services.store_measurement``, which checks
the editing window and records the audit event naming the client.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dti.agencies.models import Agency
from dti.agencies.permissions import require
from dti.assessments.models import Assessment, Response
from dti.assessments.services import EditingClosed, store_measurement
from dti.audit.services import record
from dti.campaigns.models import Campaign, Phase
from dti.campaigns.services import editing_window
from dti.core.formatting import ui_renderer
from dti.frameworks.definitions import framework_definition
from dti.frameworks.models import Indicator
from dti.scoring import IndicatorDef, IndicatorScore, validate_inputs
from dti.scoring.inputs import NUMERIC_KINDS
from dti.scoring.messages import plain_number

from .errors import ApiProblem, field_error
from .models import CLIENT_NAME_MAX_LENGTH, ApiClient
from .schemas import MAX_VALUE_LENGTH
from .tokens import PREFIX_SHOWN, TOKEN_PREFIX, digests_match, new_token, token_digest

# Recording every request's time would write on every call; a minute's precision is enough.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)
# Clocks of measuring systems may run a little ahead of ours.
CLOCK_TOLERANCE = datetime.timedelta(minutes=5)
# No DTI measurement is older (and far-off years cannot even be converted to UTC).
EARLIEST_MEASUREMENT = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
# No DTI input comes near this; larger numbers are mistakes (and would strain decimal arithmetic).
MAX_MAGNITUDE = 10**15
# A number sent as a string: digits, an optional fraction, an optional % (for percentages).
PLAIN_NUMBER = re.compile(r"^[-+]?\d{1,15}(\.\d{1,12})?%?$")
LONGEST_TOKEN = 100

# Clients


class ClientProblems(Exception):
    """The client cannot be created as asked; ``problems`` maps a form field to reasons."""

    def __init__(self, problems: dict[str, list[str]]):
        self.problems = problems
        super().__init__("; ".join(reason for reasons in problems.values() for reason in reasons))


@dataclass(frozen=True)
class CreatedClient:
    client: ApiClient
    token: str  # shown once, never stored


@transaction.atomic
def create_client(
    *,
    name: str,
    description: str,
    indicators: Iterable[Indicator],
    agencies: Iterable[Agency],
    by,
) -> CreatedClient:
    """A new client with a fresh token, scoped to automatically measured ``indicators`` and,
    when any are given, to ``agencies``."""
    require(by, "apiclient.manage")
    name = name.strip()
    indicators = list(indicators)
    agencies = list(agencies)
    problems = _client_problems(name, indicators)
    if problems:
        raise ClientProblems(problems)
    token = new_token()
    client = ApiClient.objects.create(
        name=name,
        description=description.strip(),
        token_hash=token_digest(token),
        token_prefix=token[:PREFIX_SHOWN],
        created_by=by,
    )
    client.indicators.set(indicators)
    client.agencies.set(agencies)
    record(
        by,
        "apiclient.create",
        client,
        after={
            "name": name,
            "indicators": [f"{item.framework} {item.code}" for item in indicators],
            "agencies": [agency.code for agency in agencies],
            "token_prefix": client.token_prefix,
        },
    )
    return CreatedClient(client=client, token=token)


def _client_problems(name: str, indicators: list[Indicator]) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if not name:
        problems.setdefault("name", []).append(_("Give the client a name."))
    elif len(name) > CLIENT_NAME_MAX_LENGTH:
        problems.setdefault("name", []).append(
            _("The name may have at most %(count)d characters.") % {"count": CLIENT_NAME_MAX_LENGTH}
        )
    elif name.casefold() in _client_names():
        problems.setdefault("name", []).append(
            _("An API client named “%(name)s” already exists.") % {"name": name}
        )
    if not indicators:
        problems.setdefault("indicators", []).append(
            _("Choose the indicators this client may write.")
        )
    for indicator in indicators:
        if indicator.measurement != Indicator.Measurement.AUTOMATIC:
            problems.setdefault("indicators", []).append(
                _(
                    "Indicator %(code)s of %(framework)s is self-reported: only automatically "
                    "measured indicators can be written through the API."
                )
                % {"code": indicator.code, "framework": indicator.framework}
            )
    return problems


def _client_names() -> set[str]:
    """Names compared without case in Python: SQLite's ``iexact`` folds ASCII letters only."""
    return {name.casefold() for name in ApiClient.objects.values_list("name", flat=True)}


@transaction.atomic
def revoke_client(client: ApiClient, by, reason: str = "") -> None:
    """Stop the client's token from working, for good."""
    require(by, "apiclient.manage")
    client = ApiClient.objects.select_for_update().get(pk=client.pk)
    if not client.is_active:
        raise ClientProblems({"": [_("This client was already revoked.")]})
    client.revoked_at = timezone.now()
    client.revoked_by = by
    client.save(update_fields=["revoked_at", "revoked_by"])
    record(
        by,
        "apiclient.revoke",
        client,
        before={"active": True},
        after={"active": False},
        reason=reason.strip(),
    )


def client_for_token(token: str) -> ApiClient | None:
    """The active client holding ``token``, or None for an unknown or revoked token."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > LONGEST_TOKEN:
        return None
    client = ApiClient.objects.filter(token_hash=token_digest(token), revoked_at=None).first()
    if client is None or not digests_match(token, client.token_hash):
        return None
    _note_use(client)
    return client


def _note_use(client: ApiClient) -> None:
    """Keep ``last_used_at`` for the coordinator's list; not audited (it changes no data)."""
    now = timezone.now()
    if client.last_used_at is None or now - client.last_used_at >= LAST_USED_PRECISION:
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        client.last_used_at = now


# Measurements


@dataclass(frozen=True)
class Measurement:
    values: dict[str, Any]
    source: str
    measured_at: datetime.datetime


@dataclass(frozen=True)
class StoredMeasurement:
    response: Response
    score: IndicatorScore


def put_measurement(
    client: ApiClient,
    *,
    campaign_id: int,
    agency_code: str,
    indicator_code: str,
    measurement: Measurement,
) -> StoredMeasurement:
    """Store an agency's measured inputs of one indicator (idempotent).

    Refusals are ``ApiProblem``s: 404 for what does not exist, 403 for what the client may not
    write, 409 when the assessment cannot be changed now, 422 for values that are not valid
    (then nothing is stored).
    """
    response = _target_response(client, campaign_id, agency_code, indicator_code)
    assessment = response.assessment
    window = editing_window(assessment, Phase.SELF_ASSESSMENT)
    if not window.open:
        raise ApiProblem(409, window.reason)
    definition = framework_definition(assessment.framework).indicator(indicator_code)
    values = _checked_values(definition, measurement)
    try:
        score = store_measurement(
            response,
            values,
            source=_source_label(client, measurement.source),
            measured_at=measurement.measured_at,
            client_label=client.name,
        )
    except EditingClosed as closed:  # closed between the check above and the lock
        raise ApiProblem(409, str(closed)) from closed
    stored = Response.objects.select_related("assessment__agency", "indicator").get(pk=response.pk)
    return StoredMeasurement(response=stored, score=score)


def _target_response(
    client: ApiClient, campaign_id: int, agency_code: str, indicator_code: str
) -> Response:
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None:
        raise ApiProblem(404, _("There is no campaign %(id)s.") % {"id": campaign_id})
    agency = Agency.objects.filter(code=agency_code).first()
    if agency is None:
        raise ApiProblem(
            404, _("There is no agency with the code %(code)s.") % {"code": agency_code}
        )
    if client.agencies.exists() and not client.agencies.filter(pk=agency.pk).exists():
        raise ApiProblem(
            403, _("This API client may not write for the agency %(code)s.") % {"code": agency.code}
        )
    assessment = (
        Assessment.objects.select_related("campaign", "agency", "framework")
        .filter(campaign=campaign, agency=agency)
        .first()
    )
    if assessment is None:
        raise ApiProblem(
            404,
            _("The agency %(agency)s does not take part in the campaign %(campaign)s.")
            % {"agency": agency.code, "campaign": campaign.pk},
        )
    indicator = assessment.framework.indicators.filter(code=indicator_code).first()
    if indicator is None:
        raise ApiProblem(
            404,
            _("The framework %(framework)s has no indicator %(code)s.")
            % {"framework": assessment.framework, "code": indicator_code},
        )
    if indicator.measurement != Indicator.Measurement.AUTOMATIC:
        raise ApiProblem(
            403,
            _("Indicator %(code)s is self-reported: only the agency enters it, not an API client.")
            % {"code": indicator.code},
        )
    if not client.indicators.filter(pk=indicator.pk).exists():
        raise ApiProblem(
            403, _("This API client may not write indicator %(code)s.") % {"code": indicator.code}
        )
    response = (
        Response.objects.select_related(
            "assessment__campaign", "assessment__framework", "indicator"
        )
        .filter(assessment=assessment, indicator=indicator)
        .first()
    )
    if response is None:
        raise ApiProblem(
            404,
            _("Indicator %(code)s does not apply to the agency %(agency)s.")
            % {"code": indicator.code, "agency": agency.code},
        )
    return response


def _checked_values(definition: IndicatorDef, measurement: Measurement) -> dict[str, str]:
    """The values as they will be stored, or ``ApiProblem(422)`` naming every bad field."""
    errors = _unknown_inputs(definition, measurement.values)
    given = {}
    for spec in definition.inputs:
        value = measurement.values.get(spec.code)
        problem = _value_problem(value, numeric=spec.kind in NUMERIC_KINDS)
        if problem:
            errors.append(field_error(f"values.{spec.code}", problem))
        elif value is not None:
            given[spec.code] = value
    checked = validate_inputs(definition.inputs, definition.constraints, given)
    renderer = ui_renderer()
    for code, messages in checked.errors.items():
        errors += [field_error(f"values.{code}", message.render(renderer)) for message in messages]
    for code in checked.missing:
        if not any(error["field"] == f"values.{code}" for error in errors):
            errors.append(field_error(f"values.{code}", _("This input is required.")))
    errors += _time_problems(measurement.measured_at)
    if errors:
        raise ApiProblem(422, _("Nothing was stored: some values are not valid."), errors)
    return {code: _stored_text(value) for code, value in checked.values.items()}


def _unknown_inputs(definition: IndicatorDef, values: dict[str, Any]) -> list[dict[str, str]]:
    known = [spec.code for spec in definition.inputs]
    return [
        field_error(
            f"values.{code}",
            _("Indicator %(indicator)s has no input “%(code)s” (its inputs: %(known)s).")
            % {"indicator": definition.code, "code": code, "known": ", ".join(known)},
        )
        for code in values
        if code not in known
    ]


def _value_problem(value: Any, *, numeric: bool) -> str | None:
    """What the engine should not even be given: structures, over-long texts, and numbers in
    exponent notation ("1e999999" would take the engine a minute to turn into an integer),
    not finite, or of a magnitude no DTI input comes near."""
    if isinstance(value, dict | list):
        return _("Give a single value: a number, a text, true or false, or null.")
    if isinstance(value, str) and len(value) > MAX_VALUE_LENGTH:
        return _("The value may have at most %(count)d characters.") % {"count": MAX_VALUE_LENGTH}
    if not numeric or value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        if value.strip() and not PLAIN_NUMBER.match(value.strip()):
            return _("Enter a plain number, e.g. 12.5.")
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return _("Enter a number.")
    if abs(value) >= MAX_MAGNITUDE:
        return _("The value is too large.")
    return None


def _time_problems(measured_at: datetime.datetime) -> list[dict[str, str]]:
    if measured_at > timezone.now() + CLOCK_TOLERANCE:
        return [field_error("measured_at", _("The time of measurement is in the future."))]
    if measured_at < EARLIEST_MEASUREMENT:
        return [field_error("measured_at", _("The time of measurement is before 2000."))]
    return []


def _stored_text(value: Any) -> str:
    """Values stored as the web form stores them, so the agency's page shows them alike."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | Decimal):
        return plain_number(Decimal(value))
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _source_label(client: ApiClient, source: str) -> str:
    source = " ".join(source.split())
    return f"api:{client.name} — {source}" if source else f"api:{client.name}"
