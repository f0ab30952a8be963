"""Reading a framework file (YAML or Excel) into a checked document, with located errors."""

from __future__ import annotations

import io
from pathlib import Path

from dti.core.formatting import ui_renderer
from dti.scoring.messages import _
from dti.scoring.spec import Problems

from .document import check_document
from .excel_format import WorkbookReader
from .yaml_format import MAX_FILE_BYTES, read_yaml

FRAMEWORK_SUFFIXES = (".yaml", ".yml", ".xlsx")


class FrameworkFileError(Exception):
    """The file cannot be used; ``lines`` are the problems, each as "FILE: PLACE: reason"."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        super().__init__("\n".join(lines))


def read_framework_file(filename: str, data: bytes) -> dict:
    """Parse and check a framework file; return the canonical document or raise with every
    problem found, each naming the file, the place (YAML path or sheet/row/column) and why."""
    name = Path(filename).name
    suffix = Path(filename).suffix.lower()
    renderer = ui_renderer()
    problems = Problems()
    if suffix not in FRAMEWORK_SUFFIXES:
        problems.add("(file)", _("Expected a .yaml, .yml or .xlsx file."))
    elif len(data) > MAX_FILE_BYTES:
        problems.add(
            "(file)",
            _("The file is larger than {limit} MB."),
            limit=MAX_FILE_BYTES // (1024 * 1024),
        )
    if problems:
        raise FrameworkFileError([f"{name}: {problem.render(renderer)}" for problem in problems])
    if suffix == ".xlsx":
        reader = WorkbookReader()
        document = reader.read(io.BytesIO(data))
        problems = reader.problems
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            message = renderer.translate(_("The file is not UTF-8 text."))
            raise FrameworkFileError([f"{name}: (file): {message}"]) from None
        document, problems = read_yaml(text)
        reader = None
    if document is not None or not problems:
        canonical, document_problems = check_document(document)
        problems.extend(document_problems)
        if not problems:
            return canonical
    raise FrameworkFileError(
        [
            f"{name}: {reader.place(problem, renderer) if reader else problem.render(renderer)}"
            for problem in problems
        ]
    )


def read_framework_path(path: Path | str) -> dict:
    path = Path(path)
    return read_framework_file(path.name, path.read_bytes())
