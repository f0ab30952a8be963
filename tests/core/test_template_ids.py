"""Ids written into pages are machine values: never grouped like numbers for people.

With USE_THOUSAND_SEPARATOR on, ``{{ item.pk }}`` prints 1240 as "1.240" in Vietnamese, so a
checkbox value, an element id or a form attribute stops matching what the server expects as
soon as the ids pass 999. Every id a template prints goes through ``unlocalize``.
"""

import re
from pathlib import Path

from django.conf import settings

TEMPLATE_ROOT = Path(settings.BASE_DIR) / "dti"
# ``{{ something.pk }}``, ``{{ something_id }}``, ``{{ pk }}``, and ``with name=something.pk`` in
# a blocktranslate (which prints ``{{ name }}`` the same way).
PRINTED_ID = re.compile(r"\{\{\s*(?:[\w.]*(?:\.pk|\.id|_id)|pk)\s*(?:\|(?P<filters>[^}]*))?\}\}")
BLOCK_ID = re.compile(
    r"\{%\s*blocktrans(?:late)?\b[^%]*?\bwith\b[^%]*?=\s*[\w.]*(?:\.pk|\.id|_id)\b"
    r"(?P<filters>\|[\w|:\"']*)?"
)
SAFE_FILTERS = ("unlocalize", "stringformat")


def unsafe_ids(text: str) -> list[str]:
    found = []
    for pattern in (PRINTED_ID, BLOCK_ID):
        for match in pattern.finditer(text):
            filters = match.group("filters") or ""
            if "auto_id" in match.group(0) or "id_for_label" in match.group(0):
                continue
            if not any(name in filters for name in SAFE_FILTERS):
                found.append(match.group(0))
    return found


def test_the_scanner_finds_a_grouped_id_and_accepts_an_unlocalized_one():
    assert unsafe_ids('<input value="{{ item.pk }}">') == ["{{ item.pk }}"]
    assert unsafe_ids("{% blocktranslate with number=job.pk %}#{{ number }}") != []
    assert unsafe_ids('<input value="{{ item.pk|unlocalize }}" id="x-{{ pk|unlocalize }}">') == []
    assert unsafe_ids("{% blocktranslate with number=job.pk|unlocalize %}") == []
    assert unsafe_ids('<label for="{{ field.id_for_label }}">') == []
    assert unsafe_ids('{% include "field.html" with field=form.object_id %}') == []


def test_no_template_prints_an_id_that_the_thousand_separator_would_group():
    problems = [
        f"{path.relative_to(settings.BASE_DIR)}: {snippet}"
        for path in sorted(TEMPLATE_ROOT.rglob("*.html"))
        for snippet in unsafe_ids(path.read_text(encoding="utf-8"))
    ]
    assert problems == [], "ids printed without |unlocalize:\n" + "\n".join(problems)
