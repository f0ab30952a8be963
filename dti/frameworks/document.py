"""The framework document: the one structure behind the YAML files and the Excel workbooks.

``check_document`` validates a document read from either format and returns it in canonical form
(every optional field present, texts as ``{"vi", "en"}``, points as ``Decimal``), so that a
framework exported and imported again compares equal. Every problem names its path, e.g.
``groups[2].indicators[0].rule.type``. This module does not import Django.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from dti.scoring import ResponseData, score_indicator
from dti.scoring.messages import _
from dti.scoring.scoring import NOT_APPLICABLE
from dti.scoring.spec import (
    Problem,
    Problems,
    build_indicator,
    decimal,
    join,
    local_text,
    quoted_code,
)

TIERS = ("department", "commune", "district")
STATUSES = ("draft", "active", "retired")
MEASUREMENTS = ("self", "automatic")
CONFIRMABLE_FIELDS = (
    "name",
    "description",
    "max_points",
    "rule",
    "inputs",
    "evidence",
    "data_source",
    "appraising_units",
    "applies_to",
)
_FLAG = re.compile(r"^[a-z][a-z0-9_]*$")

FRAMEWORK_KEYS = (
    "code",
    "version",
    "year",
    "tier",
    "title",
    "legal_reference",
    "status",
    "max_points",
    "source_confirmed",
    "source_note",
    "groups",
)
GROUP_KEYS = ("code", "name", "max_points", "source_confirmed", "unconfirmed", "indicators")
INDICATOR_KEYS = (
    "code",
    "name",
    "description",
    "max_points",
    "rule",
    "inputs",
    "constraints",
    "deductions",
    "bonuses",
    "criteria",
    "evidence",
    "data_source",
    "appraising_units",
    "applies_to",
    "may_be_not_applicable",
    "measurement",
    "source_confirmed",
    "unconfirmed",
    "examples",
)
CRITERION_KEYS = ("code", "name", "max_points", "rule")
EXAMPLE_KEYS = ("inputs", "points", "not_applicable", "note")


def plain(value: Any) -> Any:
    """Nested data in a canonical form: floats as Decimal, dates as ISO text, lists not tuples."""
    if isinstance(value, bool) or value is None or isinstance(value, int | str | Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return str(value)


def _text(value: Any) -> dict[str, str]:
    if isinstance(value, Mapping):
        return {"vi": str(value.get("vi") or ""), "en": str(value.get("en") or "")}
    return {"vi": "" if value is None else str(value), "en": ""}


def _unknown_keys(data: Mapping, allowed: tuple[str, ...], path: str, problems: Problems) -> None:
    for key in data:
        if key not in allowed:
            problems.add(
                join(path, str(key)),
                _("Unknown field {field!r}; expected one of {fields}."),
                field=str(key),
                fields=", ".join(allowed),
            )


def _require_mapping(value: Any, path: str, problems: Problems) -> bool:
    if not isinstance(value, Mapping):
        problems.add(path or "(document)", _("Expected a mapping (key: value pairs)."))
        return False
    return True


def _boolean(
    data: Mapping, key: str, path: str, problems: Problems, default: bool | None = None
) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        message = _("This field is required.") if value is None else _("Expected true or false.")
        problems.add(join(path, key), message)
        return bool(default)
    return value


def _choice(
    data: Mapping,
    key: str,
    choices: tuple[str, ...],
    path: str,
    problems: Problems,
    default: str | None = None,
) -> str:
    value = data.get(key, default)
    if value not in choices:
        problems.add(
            join(path, key),
            _("Expected one of {choices}, found {value!r}."),
            choices=", ".join(choices),
            value=value,
        )
        return default or choices[0]
    return value


def _integer(data: Mapping, key: str, path: str, problems: Problems, low: int, high: int) -> int:
    value = data.get(key)
    if value is None:
        problems.add(join(path, key), _("This field is required."))
        return low
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).isdigit():
        problems.add(join(path, key), _("Expected a whole number, found {value!r}."), value=value)
        return low
    number = int(value)
    if not low <= number <= high:
        problems.add(
            join(path, key), _("Expected a number from {low} to {high}."), low=low, high=high
        )
    return number


def _unconfirmed(data: Mapping, path: str, problems: Problems, confirmed: bool) -> list[str]:
    value = data.get("unconfirmed") or []
    if not isinstance(value, list):
        problems.add(join(path, "unconfirmed"), _("Expected a list of field names."))
        return []
    fields = [str(item) for item in value]
    for index, field in enumerate(fields):
        if field not in CONFIRMABLE_FIELDS:
            problems.add(
                join(join(path, "unconfirmed"), index),
                _("Unknown field {field!r}; expected one of {fields}."),
                field=field,
                fields=", ".join(CONFIRMABLE_FIELDS),
            )
    if confirmed and fields:
        problems.add(
            join(path, "unconfirmed"),
            _("Fields are listed as unconfirmed but source_confirmed is true."),
        )
    return fields


def check_document(document: Any) -> tuple[dict | None, Problems]:
    """Validate a framework document; return its canonical form (or None) and every problem."""
    problems = Problems()
    if not _require_mapping(document, "", problems):
        return None, problems
    _unknown_keys(document, FRAMEWORK_KEYS, "", problems)
    canonical: dict[str, Any] = {"code": quoted_code(document.get("code"), "code", problems)}
    canonical["version"] = _integer(document, "version", "", problems, 1, 10_000)
    canonical["year"] = _integer(document, "year", "", problems, 2000, 2100)
    canonical["tier"] = _choice(document, "tier", TIERS, "", problems)
    local_text(document.get("title"), "title", problems)
    canonical["title"] = _text(document.get("title"))
    canonical["legal_reference"] = _legal_reference(document.get("legal_reference"), problems)
    canonical["status"] = _choice(document, "status", STATUSES, "", problems, default="draft")
    canonical["max_points"] = decimal(document.get("max_points"), "max_points", problems)
    canonical["source_confirmed"] = _boolean(document, "source_confirmed", "", problems)
    canonical["source_note"] = str(document.get("source_note") or "")
    canonical["groups"] = _groups(document.get("groups"), problems)
    check_sums(canonical, problems)
    return (canonical if not problems else None), problems


def _legal_reference(value: Any, problems: Problems) -> dict[str, Any]:
    path = "legal_reference"
    if not _require_mapping(value, path, problems):
        return {"number": "", "date": None, "issuer": ""}
    _unknown_keys(value, ("number", "date", "issuer"), path, problems)
    number = str(value.get("number") or "").strip()
    if not number:
        problems.add(join(path, "number"), _("This field is required."))
    date = value.get("date")
    if isinstance(date, datetime.datetime):
        date = date.date()
    elif isinstance(date, str) and date.strip():
        try:
            date = datetime.date.fromisoformat(date.strip())
        except ValueError:
            problems.add(join(path, "date"), _("Expected a date as YYYY-MM-DD."))
            date = None
    elif not isinstance(date, datetime.date):
        date = None
    return {"number": number, "date": date, "issuer": str(value.get("issuer") or "")}


def _groups(value: Any, problems: Problems) -> list[dict]:
    if not isinstance(value, list) or not value:
        problems.add("groups", _("A framework needs a non-empty list of groups."))
        return []
    groups, group_codes, indicator_codes = [], set(), set()
    for index, raw in enumerate(value):
        path = join("groups", index)
        if not _require_mapping(raw, path, problems):
            continue
        _unknown_keys(raw, GROUP_KEYS, path, problems)
        code = quoted_code(raw.get("code"), join(path, "code"), problems)
        if code and code in group_codes:
            problems.add(join(path, "code"), _("Duplicate code {code!r}."), code=code)
        group_codes.add(code)
        local_text(raw.get("name"), join(path, "name"), problems)
        confirmed = _boolean(raw, "source_confirmed", path, problems)
        groups.append(
            {
                "code": code,
                "name": _text(raw.get("name")),
                "max_points": decimal(raw.get("max_points"), join(path, "max_points"), problems),
                "source_confirmed": confirmed,
                "unconfirmed": _unconfirmed(raw, path, problems, confirmed),
                "indicators": _indicators(
                    raw.get("indicators"), join(path, "indicators"), code, indicator_codes, problems
                ),
            }
        )
    return groups


def _indicators(
    value: Any, path: str, group_code: str, seen: set[str], problems: Problems
) -> list[dict]:
    if not isinstance(value, list) or not value:
        problems.add(path, _("A group needs a non-empty list of indicators."))
        return []
    indicators = []
    for index, raw in enumerate(value):
        item_path = join(path, index)
        if not _require_mapping(raw, item_path, problems):
            continue
        indicators.append(_indicator(raw, item_path, group_code, seen, problems))
    return indicators


def _indicator(
    raw: Mapping, path: str, group_code: str, seen: set[str], problems: Problems
) -> dict:
    _unknown_keys(raw, INDICATOR_KEYS, path, problems)
    code = str(raw.get("code") or "").strip()
    if code in seen:
        problems.add(join(path, "code"), _("Duplicate code {code!r}."), code=code)
    seen.add(code)
    if code and group_code and not code.startswith(f"{group_code}."):
        problems.add(
            join(path, "code"),
            _("The indicator code {code!r} should start with its group's code {group}."),
            code=code,
            group=group_code,
        )
    definition = build_indicator(raw, path, problems)
    confirmed = _boolean(raw, "source_confirmed", path, problems)
    evidence = raw.get("evidence") or {}
    if not _require_mapping(evidence, join(path, "evidence"), problems):
        evidence = {}
    _unknown_keys(evidence, ("required", "description"), join(path, "evidence"), problems)
    applies_to = str(raw.get("applies_to") or "all")
    if applies_to != "all" and not _FLAG.match(applies_to):
        problems.add(
            join(path, "applies_to"), _("Expected 'all' or a flag such as digital_economy.")
        )
    units = raw.get("appraising_units") or []
    if not isinstance(units, list):
        problems.add(join(path, "appraising_units"), _("Expected a list of agency codes."))
        units = []
    indicator = {
        "code": code,
        "name": _text(raw.get("name")),
        "description": _text(raw.get("description")),
        "max_points": decimal(
            raw.get("max_points"), join(path, "max_points"), Problems(), required=False
        ),
        "rule": plain(raw.get("rule")),
        "inputs": plain(raw.get("inputs") or []),
        "constraints": plain(raw.get("constraints") or []),
        "deductions": plain(raw.get("deductions") or []),
        "bonuses": plain(raw.get("bonuses") or []),
        "criteria": _criteria(raw.get("criteria")),
        "evidence": {
            "required": _boolean(evidence, "required", join(path, "evidence"), problems, True),
            "description": _text(evidence.get("description")),
        },
        "data_source": _text(raw.get("data_source")),
        "appraising_units": [str(unit) for unit in units],
        "applies_to": applies_to,
        "may_be_not_applicable": _boolean(raw, "may_be_not_applicable", path, problems, False),
        "measurement": _choice(raw, "measurement", MEASUREMENTS, path, problems, "self"),
        "source_confirmed": confirmed,
        "unconfirmed": _unconfirmed(raw, path, problems, confirmed),
        "examples": plain(raw.get("examples") or []),
    }
    if definition is not None:
        _check_examples(definition, indicator["examples"], join(path, "examples"), problems)
    return indicator


def _criteria(value: Any) -> list[dict]:
    if not isinstance(value, list):
        return []
    return [
        {
            "code": str(item.get("code") or "").strip(),
            "name": _text(item.get("name")),
            "max_points": plain(item.get("max_points")),
            "rule": plain(item.get("rule")),
        }
        for item in value
        if isinstance(item, Mapping)
    ]


def _check_examples(definition, examples: Any, path: str, problems: Problems) -> None:
    """Each worked example must be valid input and score what it says under the rule."""
    if not isinstance(examples, list):
        problems.add(path, _("Expected a list of examples."))
        return
    for index, example in enumerate(examples):
        example_path = join(path, index)
        if not _require_mapping(example, example_path, problems):
            continue
        _unknown_keys(example, EXAMPLE_KEYS, example_path, problems)
        values = example.get("inputs") or {}
        if not _require_mapping(values, join(example_path, "inputs"), problems):
            continue
        score = score_indicator(
            definition,
            ResponseData(values=values, not_applicable=bool(example.get("not_applicable"))),
        )
        for code, messages in score.errors.items():
            for message in messages:
                problems.append(Problem(join(join(example_path, "inputs"), code), message))
        if score.errors:
            continue
        if "points" not in example:
            continue
        if example["points"] is None and score.status == NOT_APPLICABLE:
            continue
        expected = decimal(example.get("points"), join(example_path, "points"), problems)
        if expected is not None and score.points != expected:
            problems.add(
                join(example_path, "points"),
                _("The rule gives {actual} points for these inputs, the example says {expected}."),
                actual=score.points,
                expected=expected,
            )


def check_sums(document: dict, problems: Problems) -> None:
    """Group max = sum of its indicators' max; framework max = sum of the groups' (where there
    are any), as the loader requires them."""
    total = Decimal(0)
    for index, group in enumerate(document["groups"]):
        group_total = sum(
            (indicator["max_points"] or Decimal(0) for indicator in group["indicators"]), Decimal(0)
        )
        if (
            group["max_points"] is not None
            and group["indicators"]
            and group_total != group["max_points"]
        ):
            problems.add(
                join(join("groups", index), "max_points"),
                _("The group's maximum is {stated} but its indicators add up to {actual}."),
                stated=group["max_points"],
                actual=group_total,
            )
        total += group["max_points"] or Decimal(0)
    if (
        document["max_points"] is not None
        and document["groups"]
        and total != document["max_points"]
    ):
        problems.add(
            "max_points",
            _("The framework's maximum is {stated} but its groups add up to {actual}."),
            stated=document["max_points"],
            actual=total,
        )
