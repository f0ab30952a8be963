import pytest

from .helpers import files_in


@pytest.fixture(autouse=True)
def _files_in_a_temporary_folder(settings, tmp_path):
    files_in(settings, tmp_path / "media")
