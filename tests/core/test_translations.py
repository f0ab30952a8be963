"""The Vietnamese translation is complete: every string of the interface has a msgstr."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_every_interface_string_has_a_vietnamese_translation(tmp_path):
    for name in ("dti", "config", "locale"):
        shutil.copytree(
            ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo")
        )
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "vi", "--no-obsolete"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    po_file = tmp_path / "locale" / "vi" / "LC_MESSAGES" / "django.po"
    statistics = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(po_file)],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    assert "fuzzy" not in statistics and "untranslated" not in statistics, (
        f"{statistics.strip()} — run `make messages-update` and translate the new strings in "
        "locale/vi/LC_MESSAGES/django.po"
    )
    assert re.match(r"\d+ translated messages", statistics)
