"""With CACHE_URL, the app processes share one cache on Redis: an open data file built by one
process is served by the others without being built again."""

import secrets

import pytest
import redis
from django.core.cache import caches
from django.urls import reverse

from dti.results import opendata
from tests.results.portal_helpers import tied_cycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_cache(settings, redis_url):
    """Django's cache on the test Redis, under a prefix of this test's own."""
    prefix = f"dti-test-{secrets.token_hex(4)}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": prefix,
        }
    }
    server = redis.Redis.from_url(redis_url)
    yield server, prefix
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)


def test_an_open_data_file_is_kept_in_redis_and_served_from_it(client, redis_cache, monkeypatch):
    server, prefix = redis_cache
    campaign = tied_cycle().campaign
    url = reverse("portal:opendata", args=[campaign.pk, "department", "csv"])
    first = client.get(url)
    assert first.status_code == 200
    assert [key for key in server.scan_iter(f"{prefix}:*") if b"opendata" in key]

    caches["default"].close()  # as another process would: nothing kept in this one
    monkeypatch.setattr(opendata, "tier_data", lambda *args: pytest.fail("built again"))
    again = client.get(url)
    assert again.content == first.content
