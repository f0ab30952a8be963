"""The README keeps the permission table the code enforces and the two commands."""

import re
from pathlib import Path

from django.utils import translation

from dti.agencies.permissions import permission_table_markdown

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_permission_table_is_the_one_in_the_code():
    text = README.read_text(encoding="utf-8")
    match = re.search(r"<!-- permissions:start -->\n(.*?)\n<!-- permissions:end -->", text, re.S)
    assert match, "the README lost its permission table markers"
    with translation.override("en"):
        expected = permission_table_markdown()
    assert match.group(1) == expected, "run `manage.py permission_table` and paste it in README"


def test_the_readme_shows_the_two_commands():
    text = README.read_text(encoding="utf-8")
    assert "make demo" in text and "make test" in text
