"""Bulk enrolment on a real Celery worker process (Redis broker, PostgreSQL): the job queued
after commit runs in the worker, and the same task delivered again changes nothing."""

import time

import pytest
from celery.backends.redis import RedisBackend
from celery.result import AsyncResult

from cpd import services
from cpd.models import BulkEnrolment, BulkEnrolmentStatus, Enrolment, EnrolmentStatus
from cpd.tasks import run_bulk_enrolment
from schools_platform.core.models import AuditEvent
from tests.core.test_celery_worker import (
    REDIS_URL,
    redis_app,  # noqa: F401 - a fixture
)
from tests.imports.test_worker_lost import start_worker, stop

from .conftest import make_learner

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
NEEDS_POSTGRESQL = True  # the worker is another process: it must see the test's database
WAIT = 120  # seconds: only a limit for a broken run


def _until(condition, what):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"Gave up waiting for {what}")


def test_a_worker_runs_the_job_and_a_second_delivery_changes_nothing(
    redis_app,  # noqa: F811
    tmp_path,
    lead,
    phase,
    places,
    halton,
):
    for n in range(1, 6):  # Halton has 2 places: 2 enrolled, 3 waiting
        make_learner(halton, n)
    worker = start_worker(redis_app, tmp_path, "solo")
    try:
        job = services.queue_bulk_enrolment(actor=lead, organisation=halton, phase=phase)

        def finished():
            job.refresh_from_db()
            return not job.is_in_progress

        _until(finished, "the worker to finish the job")
        assert job.status == BulkEnrolmentStatus.SUCCEEDED, job.error
        assert (job.result["enrolled"], job.result["waiting"]) == (2, 3)
        again = run_bulk_enrolment.delay(job.pk)
        backend = RedisBackend(app=redis_app, url=REDIS_URL)
        assert AsyncResult(again.id, backend=backend).get(timeout=WAIT) == "succeeded"
    finally:
        stop(worker)
    assert Enrolment.objects.filter(status=EnrolmentStatus.ENROLLED).count() == 2
    assert Enrolment.objects.filter(status=EnrolmentStatus.WAITING).count() == 3
    assert BulkEnrolment.objects.get().attempts == 1
    assert AuditEvent.objects.filter(verb="cpd.bulk_enrolment_finished").count() == 1
