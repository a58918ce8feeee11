"""A cache outage is a miss, not an error page (issue 7), and the cache is not the broker's."""

import json
import socket

import pytest
from django.core.cache import cache

from schools_platform.home.demo import seed_site
from tests.core.test_celery_worker import REDIS_URL, _redis_up
from tests.core.test_production_settings import PRODUCTION_ENV, _manage

RESILIENT = "schools_platform.core.cache.ResilientRedisCache"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once the probe is closed


def _production_caches(**env):
    result = _manage(
        "shell",
        "-c",
        "import json; from django.conf import settings; print(json.dumps(settings.CACHES))",
        env={**PRODUCTION_ENV, **env},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])["default"]


def test_production_cache_is_a_redis_database_of_its_own():
    default = _production_caches()
    assert default["BACKEND"] == RESILIENT
    # The broker is redis://redis.invalid:6379/0: same server, another database.
    assert default["LOCATION"] == "redis://redis.invalid:6379/1"
    assert default["OPTIONS"]["socket_connect_timeout"] > 0
    chosen = _production_caches(CACHE_URL="redis://cache.invalid:6380/3")
    assert (chosen["BACKEND"], chosen["LOCATION"]) == (RESILIENT, "redis://cache.invalid:6380/3")


@pytest.fixture
def cache_down(settings):
    location = f"redis://127.0.0.1:{_closed_port()}/1"
    settings.CACHES = {"default": {"BACKEND": RESILIENT, "LOCATION": location}}
    yield
    cache.close()


@pytest.mark.django_db
def test_home_page_answers_while_the_cache_is_down(client, cache_down, caplog):
    seed_site()  # the demo home page, with its menu of pages: their URLs read Wagtail's cache
    response = client.get("/")
    assert response.status_code == 200
    assert "Become a school governor" in response.content.decode()
    assert "Cache unavailable" in caplog.text


def test_every_cache_call_is_a_miss_while_down(cache_down):
    assert cache.get("k", "fallback") == "fallback"
    assert cache.get_or_set("k", "computed") == "computed"
    assert cache.set("k", 1) is None
    assert cache.add("k", 1) is False
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set_many({"a": 1}) == ["a"]
    assert cache.has_key("k") is False
    assert cache.delete("k") is False
    with pytest.raises(ValueError):
        cache.incr("k")


@pytest.mark.skipif(not _redis_up(), reason=f"needs Redis at {REDIS_URL}")
def test_with_redis_up_it_is_an_ordinary_cache(settings):
    settings.CACHES = {"default": {"BACKEND": RESILIENT, "LOCATION": REDIS_URL}}
    try:
        cache.set("search-helper-test", {"a": 1}, timeout=30)
        assert cache.get("search-helper-test") == {"a": 1}
    finally:
        cache.delete("search-helper-test")
        cache.close()
