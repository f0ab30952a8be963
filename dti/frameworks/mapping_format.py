"""Framework mapping files: which indicator of an earlier framework each indicator of a later
framework compares with, for the year-over-year change of the results.

```yaml
from: {code: HN-DTI-2024-SO, version: 1}
to: {code: HN-DTI-2025-SO, version: 1}
note: Working assumption, not confirmed by the decisions.
source_confirmed: false
indicators:            # later code: earlier code
  "1.1": "1.1"
```

Both frameworks must be loaded; every code must exist in its framework; a later indicator has
at most one predecessor (a YAML key written twice is an error, not "the last one wins"). A
later indicator not listed has no predecessor: its change is shown as "not comparable". Loading
is all-or-nothing and replaces the mapping of the same pair. The format is documented in
docs/framework-format.md; every problem names its place, e.g. ``indicators["6.10"]``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from dti.audit.services import record
from dti.core.formatting import ui_renderer
from dti.scoring.messages import _
from dti.scoring.spec import UNQUOTED_CODE, Problems, join

from .models import Framework, FrameworkMapping, IndicatorMapping
from .yaml_format import MAX_FILE_BYTES, read_yaml

MAPPING_KEYS = ("from", "to", "note", "source_confirmed", "indicators")
FRAMEWORK_REFERENCE_KEYS = ("code", "version")
# Shipped mapping files (a folder of their own: every *.yaml directly in frameworks/ is a
# framework file).
MAPPINGS_DIR = settings.BASE_DIR / "frameworks" / "mappings"


class MappingFileError(Exception):
    """The mapping was not loaded; ``lines`` are the problems, each "FILE: PLACE: reason"."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class MappingDocument:
    """A checked mapping: both frameworks exist and every code is one of theirs."""

    source: Framework
    target: Framework
    note: str
    source_confirmed: bool
    indicators: dict[str, str]  # later code → earlier code


def indicator_path(code: Any) -> str:
    return f'indicators["{code}"]'


# --- Reading the YAML text ------------------------------------------------------------------


def _child_path(path: str, key: str) -> str:
    if path == "indicators":
        return indicator_path(key)
    return join(path, key)


def read_mapping_text(text: str) -> tuple[Any, Problems]:
    """The YAML document (None after a syntax error) and the syntax error or the keys written
    twice, with their place. The document of a file with a repeated key is still returned, so
    that its other problems can be reported at the same time."""
    return read_yaml(
        text,
        child_path=_child_path,
        duplicate_messages={
            "indicators": _(
                "Indicator {code} of the later framework is mapped twice (lines {first} and "
                "{second}); give it one predecessor."
            )
        },
    )


# --- Checking the document against the loaded frameworks -----------------------------------


def _framework(value: Any, path: str, problems: Problems) -> Framework | None:
    if not isinstance(value, Mapping) or set(value) != set(FRAMEWORK_REFERENCE_KEYS):
        problems.add(path, _("Expected the framework as {{code: ..., version: ...}}."))
        return None
    code, version = value["code"], value["version"]
    if not isinstance(code, str) or not code:
        problems.add(f"{path}.code", _("Expected the framework's code as text."))
        return None
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        problems.add(f"{path}.version", _("Expected a whole number ≥ 1."))
        return None
    framework = Framework.objects.filter(code=code, version=version).first()
    if framework is None:
        problems.add(
            path,
            _("Framework {code} version {version} is not loaded; load it first."),
            code=code,
            version=str(version),
        )
    return framework


def _indicator_pairs(
    value: Any,
    source: Framework | None,
    target: Framework | None,
    problems: Problems,
) -> dict[str, str]:
    if not isinstance(value, Mapping):
        problems.add(
            "indicators",
            _("Expected a mapping of later codes to earlier codes (write {{}} for none)."),
        )
        return {}
    source_codes = set(source.indicators.values_list("code", flat=True)) if source else None
    target_codes = set(target.indicators.values_list("code", flat=True)) if target else None
    pairs: dict[str, str] = {}
    for later, earlier in value.items():
        path = indicator_path(later)
        if not isinstance(later, str) or not isinstance(earlier, str):
            problems.add(path, UNQUOTED_CODE)
            continue
        if target_codes is not None and later not in target_codes:
            problems.add(
                path,
                _("The later framework {framework} has no indicator {code}."),
                framework=str(target),
                code=later,
            )
        if source_codes is not None and earlier not in source_codes:
            problems.add(
                path,
                _("The earlier framework {framework} has no indicator {code}."),
                framework=str(source),
                code=earlier,
            )
        pairs[later] = earlier
    return pairs


def check_mapping(document: Any) -> tuple[MappingDocument | None, Problems]:
    """Validate a mapping document against the loaded frameworks; every problem has a path."""
    problems = Problems()
    if not isinstance(document, Mapping):
        problems.add("(document)", _("Expected a mapping (key: value pairs)."))
        return None, problems
    for key in document:
        if key not in MAPPING_KEYS:
            problems.add(
                str(key),
                _("Unknown field {field!r}; expected one of {fields}."),
                field=str(key),
                fields=", ".join(MAPPING_KEYS),
            )
    for key in ("from", "to", "source_confirmed", "indicators"):
        if key not in document:
            problems.add(key, _("This field is required."))
    source = _framework(document.get("from"), "from", problems) if "from" in document else None
    target = _framework(document.get("to"), "to", problems) if "to" in document else None
    if source is not None and source == target:
        problems.add("to", _("A framework cannot be mapped to itself."))
    note = document.get("note") or ""
    if not isinstance(note, str):
        problems.add("note", _("Expected a text."))
    confirmed = document.get("source_confirmed")
    if "source_confirmed" in document and not isinstance(confirmed, bool):
        problems.add("source_confirmed", _("Expected true or false."))
    pairs = (
        _indicator_pairs(document["indicators"], source, target, problems)
        if "indicators" in document
        else {}
    )
    if problems:
        return None, problems
    return MappingDocument(source, target, note.strip(), confirmed, pairs), problems


# --- Loading --------------------------------------------------------------------------------


def _mapping_state(mapping: FrameworkMapping) -> dict:
    return {
        "note": mapping.note,
        "indicators": dict(
            mapping.indicators.order_by("target__order").values_list("target__code", "source__code")
        ),
    }


@transaction.atomic
def store_mapping(checked: MappingDocument, by=None) -> tuple[FrameworkMapping, bool]:
    """Store a checked mapping, replacing the one of the same pair (audited). Returns the
    mapping and whether it replaced an existing one. ``by`` is None on the command line."""
    mapping = (
        FrameworkMapping.objects.select_for_update()
        .filter(source=checked.source, target=checked.target)
        .first()
    )
    replaced = mapping is not None
    before = _mapping_state(mapping) if replaced else None
    if mapping is None:
        mapping = FrameworkMapping(source=checked.source, target=checked.target)
    mapping.note = checked.note
    mapping.source_confirmed = checked.source_confirmed
    mapping.save()
    mapping.indicators.all().delete()
    source_ids = dict(checked.source.indicators.values_list("code", "pk"))
    target_ids = dict(checked.target.indicators.values_list("code", "pk"))
    IndicatorMapping.objects.bulk_create(
        IndicatorMapping(
            mapping=mapping, source_id=source_ids[earlier], target_id=target_ids[later]
        )
        for later, earlier in checked.indicators.items()
    )
    after = _mapping_state(mapping) | {"source_confirmed": checked.source_confirmed}
    record(by, "framework.mapping_load", mapping, before=before, after=after)
    return mapping, replaced


def load_mapping_file(filename: str, data: bytes, by=None) -> tuple[FrameworkMapping, bool]:
    """Read, check and store a mapping file all-or-nothing; ``MappingFileError`` lists every
    problem as "FILE: PLACE: reason"."""
    name = Path(filename).name
    renderer = ui_renderer()
    problems = Problems()
    document = None
    if len(data) > MAX_FILE_BYTES:
        problems.add(
            "(file)", _("The file is larger than {limit} MB."), limit=MAX_FILE_BYTES // 2**20
        )
    else:
        try:
            document, problems = read_mapping_text(data.decode("utf-8"))
        except UnicodeDecodeError:
            problems.add("(file)", _("The file is not UTF-8 text."))
    checked = None
    if document is not None:
        checked, document_problems = check_mapping(document)
        problems.extend(document_problems)
    if problems:
        raise MappingFileError([f"{name}: {problem.render(renderer)}" for problem in problems])
    return store_mapping(checked, by)


def load_mapping_path(path: Path | str, by=None) -> tuple[FrameworkMapping, bool]:
    path = Path(path)
    return load_mapping_file(path.name, path.read_bytes(), by)


def load_shipped_mappings() -> list[str]:
    """Load every shipped mapping whose pair has no mapping yet (as the demo loads the shipped
    frameworks: a second run changes nothing); return what loaded."""
    loaded = []
    for path in sorted(MAPPINGS_DIR.glob("*.yaml")):
        document, problems = read_mapping_text(path.read_text(encoding="utf-8"))
        checked = None if problems else check_mapping(document)[0]
        if (
            checked is not None
            and FrameworkMapping.objects.filter(
                source=checked.source, target=checked.target
            ).exists()
        ):
            continue
        mapping, _replaced = load_mapping_path(path)  # raises with the problems, if any
        loaded.append(str(mapping))
    return loaded
