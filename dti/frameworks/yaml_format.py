"""Framework YAML files: read (with the YAML error's line) and write the canonical document."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from dti.scoring.messages import _
from dti.scoring.spec import Problems

MAX_FILE_BYTES = 5 * 1024 * 1024


def read_yaml(text: str) -> tuple[Any, Problems]:
    """Parse YAML text safely (no Python objects); a syntax error becomes a located problem."""
    problems = Problems()
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        problems.add(
            "(file)",
            _("The file is larger than {limit} MB."),
            limit=MAX_FILE_BYTES // (1024 * 1024),
        )
        return None, problems
    try:
        return yaml.safe_load(text), problems
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(file)"
        problems.add(
            where,
            _("The file is not valid YAML: {reason}."),
            reason=getattr(error, "problem", None) or str(error),
        )
        return None, problems


def read_yaml_file(path: Path | str) -> tuple[Any, Problems]:
    return read_yaml(Path(path).read_text(encoding="utf-8"))


class _Dumper(yaml.SafeDumper):
    pass


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    if value == value.to_integral_value():
        return dumper.represent_int(int(value))
    return dumper.represent_float(float(value))


def _represent_date(dumper: yaml.SafeDumper, value: datetime.date) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


_Dumper.add_representer(Decimal, _represent_decimal)
_Dumper.add_representer(datetime.date, _represent_date)


def dump_yaml(document: dict) -> str:
    """The canonical document as YAML, keys in the documented order, Vietnamese kept readable."""
    return yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
