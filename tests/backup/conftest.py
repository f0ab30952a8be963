import pytest
from django.utils import translation

from tests.assessments.evidence_helpers import use_temporary_storage


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """The default storage in a folder of this test, resolved when the code asks for it."""
    return use_temporary_storage(settings, tmp_path / "media")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def archive_folder(tmp_path):
    folder = tmp_path / "archives"
    folder.mkdir()
    return folder
