"""A real Celery worker process on the real Redis broker: not eager, not an emulation."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
from celery.backends.redis import RedisBackend
from celery.result import AsyncResult
from kombu import pools
from kombu.exceptions import OperationalError

from schools_platform.celery import app
from schools_platform.core.tasks import ping


def _own_database(url: str, worker: str) -> str:
    """Each pytest-xdist worker (gw0, gw1, ...) uses its own Redis database, TEST_REDIS_URL's
    number plus the worker's, so a Celery worker started by one test never takes the messages
    (or the unacknowledged ones) of a test running in another process."""
    if not worker.startswith("gw"):
        return url
    parts = urlparse(url)
    number = int(parts.path.strip("/") or 0) + int(worker[2:])
    if number > 15:
        raise RuntimeError(
            f"xdist worker {worker} would use Redis database {number} (Redis has 0-15): set "
            "TEST_REDIS_URL to a lower database number, or run fewer TEST_PROCESSES"
        )
    return parts._replace(path=f"/{number}").geturl()


REDIS_URL = _own_database(
    os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/12"),
    os.environ.get("PYTEST_XDIST_WORKER", ""),
)
ROOT = Path(__file__).resolve().parents[2]


def _redis_up() -> bool:
    url = urlparse(REDIS_URL)
    try:
        with socket.create_connection((url.hostname, url.port or 6379), timeout=1):
            return True
    except OSError:
        return False


def _reconnect(celery_app) -> None:
    """Drop pooled connections so the next publish uses the broker URL now configured.

    kombu keeps one pool per broker URL, process-wide: closing only the app's pool left it
    closed in kombu's registry, so every later publish to that URL (``memory://`` once the
    test settings were back) failed with "Acquire on closed pool". Reset the registry."""
    pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def redis_app():
    if not _redis_up():
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    previous = {key: app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager")}
    app.conf.update(broker_url=REDIS_URL, result_backend=REDIS_URL, task_always_eager=False)
    _reconnect(app)
    yield app
    app.conf.update(previous)
    _reconnect(app)


@pytest.fixture
def worker(redis_app):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "schools_platform.settings.test",
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_RESULT_BACKEND": REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "schools_platform",
            "worker",
            "--pool",
            "solo",
            "--loglevel",
            "WARNING",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--hostname",
            f"test-{os.getpid()}@localhost",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail("Celery worker exited early:\n" + process.stdout.read())
        if redis_app.control.ping(timeout=1, destination=[f"test-{os.getpid()}@localhost"]):
            break
    else:
        process.kill()
        pytest.fail("Celery worker did not answer within 60 seconds")
    yield process
    process.terminate()
    process.wait(timeout=30)


def test_task_runs_in_a_separate_worker_process(worker):
    sent = ping.delay("hello")
    # Read the result straight from Redis: only the worker process can have put it there.
    backend = RedisBackend(app=app, url=REDIS_URL)
    assert AsyncResult(sent.id, backend=backend).get(timeout=30) == "pong:hello"
    assert worker.poll() is None


def test_unreachable_broker_is_an_error_not_an_eager_run(redis_app):
    redis_app.conf.broker_url = "redis://127.0.0.1:1/0"
    _reconnect(redis_app)
    with pytest.raises(OperationalError):
        ping.apply_async(args=["nobody-listens"], retry=False)


def test_switching_the_broker_for_a_worker_test_and_back_leaves_a_usable_pool():
    # Found in CI: after a worker test, every later publish in the process (the live server's
    # notifications, a booking's e-mail) failed with "Acquire on closed pool", because the
    # pool of the settings' own broker was closed but kept in kombu's registry.
    previous = app.conf.broker_url
    with app.pool.acquire(block=True):
        pass  # an earlier test published: the default broker's pool exists
    try:
        app.conf.broker_url = REDIS_URL
        _reconnect(app)
    finally:
        app.conf.broker_url = previous
        _reconnect(app)
    with app.pool.acquire(block=True):
        pass  # raised RuntimeError("Acquire on closed pool") before the registry was reset
