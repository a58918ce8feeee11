"""A worker killed mid-import, with a real Celery worker process on Redis and PostgreSQL.

The import is held mid-way deterministically: the test locks one row that the import must
update (after it has inserted thousands of others), waits until PostgreSQL shows the worker's
query waiting for that lock, and kills the worker there. No sleeps decide the outcome.
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection, connections
from django.utils import timezone

from schools_platform.core.models import AuditEvent
from schools_platform.imports import jobs, services
from schools_platform.imports.models import ImportJob
from schools_platform.representation.models import PupilEthnicityCount
from tests.core.test_celery_worker import REDIS_URL
from tests.factories import make_authority, make_school

from .helpers import census_rows, csv_bytes, upload

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
NEEDS_POSTGRESQL = True  # SQLite's test database lives in memory: no other process can see it

Status = ImportJob.Status
ROOT = Path(__file__).resolve().parents[2]
SCHOOLS = 150
CODES = (
    "white_british",
    "black_african",
    "white_irish",
    "asian_indian",
    "asian_pakistani",
    "asian_chinese",
)
WAIT = 120  # seconds: only a limit for a broken run, never what decides a passing one


def _until(condition, what):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"Gave up waiting for {what}")


@pytest.fixture
def file_storage(settings, tmp_path):
    media = tmp_path / "media"
    media.mkdir()
    settings.STORAGES = {
        name: (
            config
            if name == "staticfiles"
            else {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(media)},
            }
        )
        for name, config in settings.STORAGES.items()
    }
    return media


def start_worker(redis_app, media, pool):
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    name = f"imports-{os.getpid()}-{pool}@localhost"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
        "DATABASE_URL": url,
        "TEST_MEDIA_ROOT": str(media),
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_RESULT_BACKEND": REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    command = [sys.executable, "-m", "celery", "-A", "schools_platform", "worker"]
    command += ["--pool", pool, "--loglevel", "WARNING", "--hostname", name]
    command += ["--without-heartbeat", "--without-gossip", "--without-mingle"]
    if pool == "prefork":
        command += ["--concurrency", "1"]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )

    def answers():
        if process.poll() is not None:
            pytest.fail("Celery worker exited early")
        return redis_app.control.ping(timeout=1, destination=[name])

    _until(answers, "the worker to answer")
    return process


def stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def children(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(p) for p in text.split()]


@pytest.fixture
def census_job(officer, redis_app):
    """A confirmed-ready census file of SCHOOLS x CODES new rows, and one existing row that the
    import updates last (after inserting all the others)."""
    authority = make_authority(la_code="931", name="Lockshire")
    schools = [make_school(authority, urn=700000 + n) for n in range(SCHOOLS)]
    last = schools[-1]
    PupilEthnicityCount.objects.create(school=last, year=2024, ethnicity="white_irish", pupils=1)
    rows = census_rows(schools, year=2025, codes=CODES)
    rows.append([str(last.urn), "2024", "white_irish", "99"])  # the update the test holds up
    job = upload(officer, "pupil-census", csv_bytes(rows))
    assert job.status == Status.DRY_RUN_OK, job.error_summary
    assert (job.new_rows, job.updated_rows) == (SCHOOLS * len(CODES), 1)
    return job


class RowLock:
    """Another session holding the existing census row, as a busy officer's save would."""

    def __init__(self):
        self.conn = connections.create_connection("default")
        self.conn.set_autocommit(False)
        with self.conn.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM representation_pupilethnicitycount WHERE year = 2024 FOR UPDATE"
            )

    def release(self):
        self.conn.rollback()
        self.conn.close()


def waiting_import_backend() -> int | None:
    """The PostgreSQL backend of the import, once it waits for the locked row (mid-import)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND query ILIKE 'UPDATE%%pupilethnicitycount%%'"
        )
        row = cursor.fetchone()
    return row[0] if row else None


def backend_gone(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone()[0] == 0


def forget_unacknowledged(redis_app, job_id: int) -> int:
    """Drop the killed worker's unacknowledged message for this job from Redis, so that no
    later worker (after the visibility timeout) picks up a message that belongs to this test."""
    with redis_app.connection_for_write() as conn:
        client = conn.default_channel.client
        dropped = 0
        for tag, raw in client.hgetall("unacked").items():
            message = json.loads(raw)[0]
            headers = message.get("headers", {})
            if headers.get("task", "").endswith("run_import_job") and headers.get("argsrepr") in (
                f"({job_id},)",
                f"[{job_id}]",
            ):
                client.hdel("unacked", tag)
                client.zrem("unacked_index", tag)
                dropped += 1
        return dropped


def assert_every_row_once():
    assert PupilEthnicityCount.objects.count() == SCHOOLS * len(CODES) + 1
    distinct = PupilEthnicityCount.objects.values("school", "year", "ethnicity").distinct()
    assert distinct.count() == SCHOOLS * len(CODES) + 1
    assert PupilEthnicityCount.objects.get(year=2024).pupils == 99


def test_a_worker_process_killed_mid_import_is_replaced_and_the_job_imported_once(
    redis_app, file_storage, officer, census_job
):
    worker = start_worker(redis_app, file_storage, "prefork")
    lock = RowLock()
    try:
        services.confirm(actor=officer, job=census_job)  # sent to Redis after commit
        backend = _until(waiting_import_backend, "the import to reach the locked row")
        running = ImportJob.objects.get(pk=census_job.pk)
        assert running.status == Status.RUNNING
        first_attempt = running.attempts
        (child,) = children(worker.pid)
        os.kill(child, signal.SIGKILL)  # the process running the task dies, as under the OOM killer
        lock.release()
        _until(lambda: backend_gone(backend), "PostgreSQL to end the dead run's session")

        def finished():
            job = ImportJob.objects.get(pk=census_job.pk)
            return job if job.is_finished else None

        job = _until(finished, "the redelivered task to finish the job")
    finally:
        stop(worker)
    assert job.status == Status.SUCCEEDED, job.error_summary
    assert job.attempts == first_attempt + 1
    assert_every_row_once()
    events = AuditEvent.objects.filter(target_id=str(job.pk))
    assert events.filter(verb="import.finished").count() == 1
    assert events.filter(verb="import.restarted").count() == 1


def test_a_whole_worker_lost_mid_import_is_swept_to_failed_and_started_again(
    redis_app, file_storage, officer, census_job, settings, client
):
    worker = start_worker(redis_app, file_storage, "solo")
    lock = RowLock()
    try:
        services.confirm(actor=officer, job=census_job)
        backend = _until(waiting_import_backend, "the import to reach the locked row")
        # While its run is alive the job's row is locked, so the sweep leaves it alone even
        # with no time allowed at all.
        settings.IMPORT_STALLED_AFTER_MINUTES = 0
        assert jobs.sweep(now=timezone.now()).failed == []
        assert ImportJob.objects.get(pk=census_job.pk).status == Status.RUNNING
        worker.send_signal(signal.SIGKILL)  # the worker and its unacknowledged message are gone
        worker.wait()
        lock.release()
        _until(lambda: backend_gone(backend), "PostgreSQL to end the dead run's session")
    finally:
        stop(worker)
        forget_unacknowledged(redis_app, census_job.pk)
    job = ImportJob.objects.get(pk=census_job.pk)
    assert job.status == Status.RUNNING  # what the officer saw for ever before
    assert PupilEthnicityCount.objects.count() == 1  # the dead run's rows were rolled back

    assert jobs.sweep(now=timezone.now()).failed == [job.pk]
    job.refresh_from_db()
    assert job.status == Status.FAILED and "Start it again" in job.error_summary
    assert PupilEthnicityCount.objects.count() == 1

    redis_app.conf.task_always_eager = True  # a worker is back; eager runs it here
    services.start_again(actor=officer, job=job)
    job.refresh_from_db()
    assert job.status == Status.SUCCEEDED, job.error_summary
    assert_every_row_once()
    assert AuditEvent.objects.filter(target_id=str(job.pk), verb="import.started_again").exists()
