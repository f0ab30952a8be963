import pytest

from tests.assessments.evidence_helpers import use_temporary_storage


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Job result files go to a folder of this test, not to the project's media folder."""
    return use_temporary_storage(settings, tmp_path / "media")
