"""Fixtures for the pipeline's background work: the real Redis broker, and a real worker."""

import pytest
from django.conf import settings
from kombu import pools

from schools_platform.celery import app
from tests.core.test_celery_worker import REDIS_URL, _redis_up


def reconnect() -> None:
    """Drop every pooled broker connection (kombu keeps them per URL, process-wide), so the
    next publish, eager or not, uses the broker URL now configured."""
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def redis_app():
    if not _redis_up():
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    previous = {key: app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(broker_url=REDIS_URL, result_backend=REDIS_URL, task_always_eager=False)
    reconnect()
    yield app
    app.conf.update(previous)
    reconnect()


def pytest_collection_modifyitems(config, items):
    """Tests that need another process to share the database (NEEDS_POSTGRESQL) are left out
    on SQLite, whose test database is in memory; CI runs them in its PostgreSQL pass."""
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    kept, left_out = [], []
    for item in items:
        needs = getattr(getattr(item, "module", None), "NEEDS_POSTGRESQL", False)
        (left_out if needs else kept).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept
