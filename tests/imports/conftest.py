"""Fixtures for the pipeline's background work: the real Redis broker, and a real worker."""

import pytest
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
