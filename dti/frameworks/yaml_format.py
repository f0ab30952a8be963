"""Framework YAML files: read (with the YAML error's line) and write the canonical document.

Reading is stricter than YAML itself: a key written twice in one mapping is reported (YAML keeps
the last one silently), and anchors and aliases (``&name`` / ``*name``) are refused before
anything is built from them, since a few hundred bytes of nested aliases expand to gigabytes.
Framework and mapping files never need them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from dti.scoring.messages import _
from dti.scoring.spec import Problems, join

MAX_FILE_BYTES = 5 * 1024 * 1024
DUPLICATE_KEY = _("The key {key} is written twice (lines {first} and {second}).")


class _AliasFound(Exception):
    def __init__(self, mark: yaml.Mark):
        self.mark = mark


class _StrictLoader(yaml.SafeLoader):
    """The safe loader, refusing anchors and aliases as soon as it meets one."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _AliasFound(event.start_mark)
        return super().compose_node(parent, index)


def _line(mark: yaml.Mark) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}"


def read_yaml(
    text: str,
    *,
    child_path: Callable[[str, str], str] = join,
    duplicate_messages: Mapping[str, str] | None = None,
) -> tuple[Any, Problems]:
    """Parse YAML text safely (no Python objects, no aliases) into plain data.

    A syntax error or an alias gives no document and a problem placed by line. Keys written twice
    are problems placed by their path (``child_path`` builds it; ``duplicate_messages`` may give
    the message for the keys of one mapping path) and the document is still returned, so that
    its other problems can be reported at the same time.
    """
    problems = Problems()
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        problems.add(
            "(file)",
            _("The file is larger than {limit} MB."),
            limit=MAX_FILE_BYTES // (1024 * 1024),
        )
        return None, problems
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, problems
        _duplicate_keys(node, "", problems, child_path, duplicate_messages or {})
        return loader.construct_document(node), problems
    except _AliasFound as found:
        problems.add(
            _line(found.mark),
            _(
                "Anchors and aliases (& and *) are not allowed in this file: write each value "
                "out in full."
            ),
        )
        return None, problems
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problems.add(
            _line(mark) if mark else "(file)",
            _("The file is not valid YAML: {reason}."),
            reason=getattr(error, "problem", None) or str(error),
        )
        return None, problems
    finally:
        loader.dispose()


def _duplicate_keys(
    node: yaml.Node,
    path: str,
    problems: Problems,
    child_path: Callable[[str, str], str],
    messages: Mapping[str, str],
) -> None:
    if isinstance(node, yaml.MappingNode):
        lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            child = child_path(path, key)
            line = key_node.start_mark.line + 1
            if key in lines:
                problems.add(
                    child,
                    messages.get(path, DUPLICATE_KEY),
                    key=key,
                    code=key,
                    first=str(lines[key]),
                    second=str(line),
                )
            else:
                lines[key] = line
            _duplicate_keys(value_node, child, problems, child_path, messages)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _duplicate_keys(item, join(path, index), problems, child_path, messages)


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
