import pytest

from tests.assessments.evidence_helpers import use_temporary_storage


@pytest.fixture(autouse=True)
def _job_results_in_a_temporary_folder(settings, tmp_path):
    """The e-mail job's summary file goes to the default storage: a folder of the test's own."""
    use_temporary_storage(settings, tmp_path / "media")
