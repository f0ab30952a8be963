import pytest
from django.utils import translation

from .helpers import build_setup


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def setup(db):
    return build_setup()
