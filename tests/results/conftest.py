import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """The open data files kept by one test are not another test's (the cache lives in the
    process, while each test's database is rolled back)."""
    cache.clear()
    yield
    cache.clear()
