"""The pipeline's background work: the check off the write lock, broker outages, lost runs."""

import ast
import datetime
import threading
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from schools_platform.core.models import AuditEvent, User
from schools_platform.imports import engine, get_importer, jobs, pipeline, services
from schools_platform.imports.models import ImportJob
from schools_platform.imports.tasks import sweep_import_jobs
from schools_platform.representation.models import PupilEthnicityCount

from .conftest import reconnect
from .helpers import census_rows, csv_bytes, upload

Status = ImportJob.Status
PACKAGE = Path(services.__file__).parent


def _imports_of(path: Path) -> set[str]:
    """The imports app's own modules that a module imports, at any depth of its code."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
            "schools_platform.imports."
        ):
            found.add(node.module.split(".")[2])
    return found


def test_the_import_modules_import_each_other_in_one_direction():
    modules = {path.stem for path in PACKAGE.glob("*.py")}
    graph = {name: _imports_of(PACKAGE / f"{name}.py") & modules for name in modules}

    def reaches(start, goal, seen=()):
        return any(
            step == goal or (step not in seen and reaches(step, goal, (*seen, step)))
            for step in graph[start]
        )

    circles = sorted(name for name in modules if reaches(name, name))
    assert circles == [], f"import circles through: {circles}"
    assert "services" not in graph["tasks"] and "tasks" not in graph["jobs"]


# --- the check (dry run): a background job that holds no write lock ----------------------------


@pytest.mark.django_db(transaction=True)
def test_another_connection_can_write_while_a_dry_run_checks_rows(officer, school_a, school_b):
    """A sign-in (last_login saved) from another thread, while the check is reading rows."""
    outcome = {}

    def sign_in():
        try:
            User.objects.filter(pk=officer.pk).update(last_login=timezone.now())
            outcome["wrote"] = True
        except Exception as error:  # noqa: BLE001 - the test reports what blocked it
            outcome["error"] = repr(error)
        finally:
            connection.close()

    def during_the_check(execute, sql, params, many, context):
        if "representation_pupilethnicitycount" in sql and not outcome:
            outcome["in_transaction"] = connection.in_atomic_block
            writer = threading.Thread(target=sign_in)
            writer.start()
            writer.join(timeout=120)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(during_the_check):
        job = upload(officer, "pupil-census", csv_bytes(census_rows([school_a, school_b])))
    assert job.status == Status.DRY_RUN_OK, job.error_summary
    assert outcome == {"in_transaction": False, "wrote": True}
    officer.refresh_from_db()
    assert officer.last_login is not None


@pytest.mark.django_db(transaction=True)  # as in a request: no test transaction around it
def test_a_dry_run_that_tries_to_write_fails_closed(officer, school_a, monkeypatch):
    def sneaky_prepare(self, parsed):
        PupilEthnicityCount.objects.create(school=school_a, year=2020, ethnicity="irish", pupils=1)

    monkeypatch.setattr(get_importer("pupil-census").resource_class, "prepare", sneaky_prepare)
    job = upload(officer, "pupil-census", csv_bytes(census_rows([school_a])))
    assert job.status == Status.DRY_RUN_FAILED
    assert "The check stopped with an unexpected error (DryRunWrote)" in job.error_summary
    assert not PupilEthnicityCount.objects.exists()


def test_a_large_file_is_checked_in_the_background_with_progress(
    client, officer, school_a, school_b, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.IMPORT_CHECK_IN_REQUEST_MAX_KB = 0  # every file counts as large
    monkeypatch.setattr(engine, "PROGRESS_EVERY", 1)
    published = []
    real_publish = pipeline.publish_progress
    monkeypatch.setattr(
        pipeline, "publish_progress", lambda pk, n: (published.append(n), real_publish(pk, n))
    )
    client.force_login(officer)
    content = csv_bytes(census_rows([school_a, school_b]))
    with django_capture_on_commit_callbacks(execute=False) as queued:
        job = upload(officer, "pupil-census", content)
    assert job.status == Status.CHECKING and len(queued) == 1
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "Checking the file" in page and "writes nothing" in page

    queued[0]()  # the broker delivers the task (eager here)
    job.refresh_from_db()
    assert job.status == Status.DRY_RUN_OK
    assert (job.total_rows, job.new_rows) == (4, 4)
    assert published == [1, 2, 3]
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "Confirm and import" in page
    assert not PupilEthnicityCount.objects.exists()


def test_a_large_file_with_bad_columns_is_reported_on_the_job_page(
    client, officer, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_CHECK_IN_REQUEST_MAX_KB = 0
    with django_capture_on_commit_callbacks(execute=True):
        job = upload(officer, "pupil-census", csv_bytes([["URN", "Year"], ["1", "2025"]]))
    job.refresh_from_db()
    assert job.status == Status.DRY_RUN_FAILED
    assert "no column named 'Ethnicity', 'Pupils'" in job.error_summary


# --- the broker is down when an officer confirms ----------------------------------------------


def test_confirm_with_the_broker_down_says_queued_and_the_sweep_runs_it(
    redis_app,
    client,
    officer,
    school_a,
    school_b,
    settings,
    django_capture_on_commit_callbacks,
):
    job = upload(officer, "pupil-census", csv_bytes(census_rows([school_a, school_b])))
    redis_app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens there
    reconnect()
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("imports:confirm", args=[job.pk]))
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Queued: it will start when the background service is back" in page.content.decode()
    job.refresh_from_db()
    assert job.status == Status.QUEUED and job.send_failed_at is not None
    assert not PupilEthnicityCount.objects.exists()

    # Still down: the sweep tries again and the job stays queued, nothing raised.
    settings.IMPORT_RESEND_AFTER_MINUTES = 0
    assert sweep_import_jobs()["imports_sent"] == [job.pk]
    job.refresh_from_db()
    assert job.status == Status.QUEUED

    # The broker is back (eager: the task runs as a worker would): the next sweep runs it.
    redis_app.conf.task_always_eager = True
    assert sweep_import_jobs()["imports_sent"] == [job.pk]
    job.refresh_from_db()
    assert job.status == Status.SUCCEEDED
    assert PupilEthnicityCount.objects.count() == 4
    assert AuditEvent.objects.filter(verb="import.finished", target_id=str(job.pk)).count() == 1
    # A job that has started is never sent again.
    assert sweep_import_jobs()["imports_sent"] == []


def test_a_queued_job_is_not_sent_again_before_its_time(officer, school_a, settings):
    settings.IMPORT_RESEND_AFTER_MINUTES = 5
    job = upload(officer, "pupil-census", csv_bytes(census_rows([school_a])))
    services.confirm(actor=officer, job=job)  # inside the test's transaction: not sent yet
    assert jobs.sweep().imports_to_send == []
    later = timezone.now() + datetime.timedelta(minutes=6)
    assert jobs.sweep(now=later).imports_to_send == [job.pk]
    assert jobs.sweep(now=later).imports_to_send == []  # taken once


# --- a run that was lost ----------------------------------------------------------------------


def confirmed(officer, schools):
    job = upload(officer, "pupil-census", csv_bytes(census_rows(schools)))
    return services.confirm(actor=officer, job=job, background=False)


def test_a_redelivered_message_starts_a_lost_run_again(officer, school_a, school_b):
    job = confirmed(officer, [school_a, school_b])
    jobs._claim(job.pk)  # the first run claimed the job, then its worker was killed
    job = jobs.run_import(job_id=job.pk)
    assert job.status == Status.SUCCEEDED and job.attempts == 3  # the check, two runs
    assert PupilEthnicityCount.objects.count() == 4
    restarted = AuditEvent.objects.get(verb="import.restarted", target_id=str(job.pk))
    assert restarted.details["attempt"] == 3


def test_a_run_that_was_taken_over_cannot_mark_the_job_failed(officer, school_a):
    job = confirmed(officer, [school_a])
    first = jobs._claim(job.pk)
    second = jobs._claim(job.pk)  # a second delivery took the job over
    assert second.attempts == first.attempts + 1
    jobs._fail(job.pk, first.attempts, "late news from the first run", actor=None)
    job.refresh_from_db()
    assert job.status == Status.RUNNING and job.error_summary == ""
    jobs._fail(job.pk, second.attempts, "the run that holds the job failed", actor=None)
    job.refresh_from_db()
    assert job.status == Status.FAILED


def test_a_run_with_no_progress_is_failed_and_the_officer_starts_it_again(
    client, officer, school_a, school_b, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_STALLED_AFTER_MINUTES = 30
    job = confirmed(officer, [school_a, school_b])
    jobs._claim(job.pk)  # started, then the worker and its message were lost
    assert jobs.sweep().failed == []  # not yet: it may still be running
    later = timezone.now() + datetime.timedelta(minutes=31)
    assert jobs.sweep(now=later).failed == [job.pk]
    job.refresh_from_db()
    assert job.status == Status.FAILED
    assert "no progress for 30 minutes" in job.error_summary
    assert "Nothing has been imported" in job.error_summary
    assert not PupilEthnicityCount.objects.exists()
    finished = AuditEvent.objects.get(verb="import.finished", target_id=str(job.pk))
    assert finished.details["outcome"] == Status.FAILED and finished.actor is None

    client.force_login(officer)
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "Start the import again" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("imports:start_again", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == Status.SUCCEEDED and job.attempts == 3  # the check, two runs
    assert PupilEthnicityCount.objects.count() == 4
    again = AuditEvent.objects.get(verb="import.started_again", target_id=str(job.pk))
    assert again.actor == officer and "no progress" in again.details["previous_error"]


def test_only_the_officer_may_start_an_import_again(
    client, officer, data_steward, leader_a, school_a, django_capture_on_commit_callbacks
):
    job = confirmed(officer, [school_a])
    jobs._claim(job.pk)
    jobs.sweep(now=timezone.now() + datetime.timedelta(days=1))
    url = reverse("imports:start_again", args=[job.pk])
    anonymous = client.post(url)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    for user in (data_steward, leader_a):
        client.force_login(user)
        assert client.post(url).status_code in (302, 404)
    job.refresh_from_db()
    assert job.status == Status.FAILED
    client.force_login(data_steward)
    assert client.post(url).status_code == 404  # not one of the steward's jobs


def test_a_job_that_did_not_fail_cannot_be_started_again(officer, school_a):
    job = upload(officer, "pupil-census", csv_bytes(census_rows([school_a])))
    with pytest.raises(Exception, match="Only an import that failed"):
        services.start_again(actor=officer, job=job)
