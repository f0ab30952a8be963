"""Two versions of the small test framework, to map one onto the other."""

from pathlib import Path

from dti.frameworks.models import Framework
from dti.frameworks.services import load_framework
from tests.frameworks.helpers import small_document

VALID = """\
from: {code: TEST-SMALL, version: 1}
to: {code: TEST-SMALL, version: 2}
note: Giả định làm việc.
source_confirmed: false
indicators:
  "1.1": "1.1"
  "1.2": "1.2"
  "2.2": "2.1"
"""


def two_versions() -> tuple[Framework, Framework]:
    return load_framework(small_document()), load_framework(small_document() | {"version": 2})


def write(tmp_path: Path, text: str, name: str = "mapping.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path
