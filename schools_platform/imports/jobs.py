"""The background work of the pipeline: the check (dry run) and the import of a stored file.

Tasks (tasks.py) call these and nothing else; services.py queues the tasks after commit.

Safe to run twice. A task message may arrive twice (a worker lost mid-import gives its message
back to the broker: ``acks_late`` with ``reject_on_worker_lost``; the sweep sends a queued job's
message again). Each run first *claims* the job in a short committed transaction (status and
``attempts``), then works inside a second transaction that locks the job's row until it
commits. On PostgreSQL a second run of the same job waits for that lock, and then finds the job
finished; a run that finds the job "running" but unlocked knows the earlier run died (its
transaction rolled back, so none of its rows exist) and starts again from the beginning. A run
whose claim was taken over by a later one (``attempts`` moved on) stops without writing.

Sweep (``sweep``, a periodic task): a queued job whose message has not started within
IMPORT_RESEND_AFTER_MINUTES is sent again (the broker was down when it was confirmed); a
"running" job with no live run (no transaction holds its row) and no progress for
IMPORT_STALLED_AFTER_MINUTES is marked failed with a message, and the officer can start it again.
"""

import datetime
import hashlib
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import OperationalError, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from schools_platform.core import audit

from . import engine, files, pipeline
from .importers import get_importer
from .models import ImportJob

logger = logging.getLogger(__name__)
Status = ImportJob.Status

STALLED_MESSAGE = (
    "The import stopped without finishing: the background service lost it (no progress for "
    "{minutes} minutes). Nothing has been imported. Start it again when you are ready."
)


def resend_after() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.IMPORT_RESEND_AFTER_MINUTES)


def stalled_after() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.IMPORT_STALLED_AFTER_MINUTES)


# The check (dry run) --------------------------------------------------------------------------


_UPLOADER = object()


def run_check(
    *, job_id: int, parsed: files.ParsedFile | None = None, actor=_UPLOADER
) -> ImportJob | None:
    """Check every row of a job's stored file and keep the findings on the job.

    Writes nothing but the job's own row (and its failed-rows file): the rows are checked
    outside any transaction, so on SQLite the write lock is free meanwhile. ``parsed`` saves
    reading the file again when the upload has just read it. The audit event names ``actor``
    (by default the officer who uploaded the file).
    """
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != Status.CHECKING:
            return job
        job.attempts += 1
        job.progress_at = timezone.now()
        job.rows_done = 0
        job.send_failed_at = None
        job.save(update_fields=["attempts", "progress_at", "rows_done", "send_failed_at"])
    attempt = job.attempts
    importer = get_importer(job.importer)
    outcome, notes = None, []
    try:
        if parsed is None:
            with job.file.open("rb") as handle:
                content = handle.read()
            parsed = pipeline.parse(importer, content, job.file_format)
        job.total_rows = len(parsed.rows)
        ImportJob.objects.filter(pk=job.pk, attempts=attempt).update(total_rows=job.total_rows)
        outcome, resource = pipeline.run_resource(
            importer,
            parsed,
            dry_run=True,
            progress=lambda done: pipeline.publish_progress(job.pk, done),
        )
        notes = resource.notes()
    except files.ImportFileError as error:
        parsed = None
        outcome = pipeline.Outcome(problems=list(error.messages))
    except Exception as error:  # fail closed: the job must never be left "checking"
        logger.exception("Check of import job %s failed", job_id)
        parsed = None
        outcome = pipeline.Outcome(
            problems=[f"The check stopped with an unexpected error ({type(error).__name__})."]
        )
    finally:
        pipeline.clear_progress(job.pk)
    actor = job.created_by if actor is _UPLOADER else actor
    return _keep_findings(job.pk, attempt, importer, parsed, outcome, notes, actor)


def _keep_findings(job_id, attempt, importer, parsed, outcome, notes, actor) -> ImportJob:
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job_id)
        if job.status != Status.CHECKING or job.attempts != attempt:
            return job  # a later check (or a newer upload step) took over
        pipeline.apply_counts(job, outcome)
        job.row_errors = outcome.row_errors
        job.notes = notes
        job.checked_at = job.progress_at = timezone.now()
        job.rows_done = 0
        job.failed_rows_file = None
        if outcome.ok:
            job.status = Status.DRY_RUN_OK
            job.error_summary = ""
        else:
            job.status = Status.DRY_RUN_FAILED
            job.error_summary = pipeline.summary(outcome)
            if parsed is not None and outcome.failed_indexes:
                job.failed_rows_file.save(
                    "failed-rows.csv",
                    ContentFile(pipeline.failed_rows_csv(parsed, outcome)),
                    save=False,
                )
        job.save()
        audit.record(
            actor=actor,
            verb="import.dry_run",
            target=job,
            importer=importer.name,
            outcome=job.status,
            **pipeline.counts(job),
        )
    return job


# The import -----------------------------------------------------------------------------------


def _claim(job_id: int) -> ImportJob | None:
    """Mark a queued job running (committed at once, so its page says so). Waits while another
    run of the job holds its row (PostgreSQL); returns None when there is nothing to do."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status not in (Status.QUEUED, Status.RUNNING):
            return None
        restarted = job.status == Status.RUNNING
        now = timezone.now()
        job.status = Status.RUNNING
        job.attempts += 1
        job.started_at = job.progress_at = now
        job.rows_done = 0
        job.send_failed_at = None
        job.save(
            update_fields=[
                "status",
                "attempts",
                "started_at",
                "progress_at",
                "rows_done",
                "send_failed_at",
            ]
        )
        if restarted:
            audit.record(
                actor=None,
                verb="import.restarted",
                target=job,
                importer=job.importer,
                attempt=job.attempts,
                reason="An earlier run stopped without finishing; none of its rows were kept.",
            )
    return job


def run_import(*, job_id: int) -> ImportJob | None:
    """Import a queued job's file: every row in one transaction, or none.

    Two transactions on purpose: the claim commits at once (so the job page shows it is
    running), then the import runs in its own, holding the job's row locked. Rows done are
    published through the cache, because the import's own writes are invisible until it commits.
    """
    job = _claim(job_id)
    if job is None:
        return ImportJob.objects.filter(pk=job_id).first()
    attempt = job.attempts
    actor = job.confirmed_by
    importer = get_importer(job.importer)
    outcome = None
    failure = ""
    try:
        importer.require_import(actor)
        with transaction.atomic():
            current = ImportJob.objects.select_for_update().get(pk=job_id)
            if current.status != Status.RUNNING or current.attempts != attempt:
                return current  # a later run took the job over; it does the work
            with job.file.open("rb") as handle:
                content = handle.read()
            if hashlib.sha256(content).hexdigest() != job.sha256:
                raise files.ImportFileError(
                    "The stored file is not the one that was checked (its SHA-256 differs)."
                )
            parsed = pipeline.parse(importer, content, job.file_format)
            outcome, _resource = pipeline.run_resource(
                importer,
                parsed,
                dry_run=False,
                progress=lambda done: pipeline.publish_progress(job.pk, done),
            )
            if outcome.ok:
                pipeline.apply_counts(job, outcome)
                job.status = Status.SUCCEEDED
                job.rows_done = outcome.total
                job.finished_at = job.progress_at = timezone.now()
                job.error_summary = ""
                job.save()
                audit.record(
                    actor=actor,
                    verb="import.finished",
                    target=job,
                    importer=importer.name,
                    outcome=job.status,
                    **pipeline.counts(job),
                )
            else:
                transaction.set_rollback(True)
                failure = pipeline.summary(outcome)
    except files.ImportFileError as error:
        failure = " ".join(error.messages) + " Nothing has been imported."
    except engine.ImportRefused as error:
        failure = str(error)
    except Exception as error:  # fail closed: the job must never be left running
        logger.exception("Import job %s failed", job_id)
        failure = f"The import stopped with an unexpected error ({type(error).__name__}). "
        failure += "Nothing has been imported."
    finally:
        pipeline.clear_progress(job.pk)
    if failure:
        job = _fail(job.pk, attempt, failure, actor=actor, outcome=outcome)
    return job


def _fail(job_id, attempt, failure, *, actor, outcome=None, stalled_before=None):
    """Mark a running job failed, unless another run has taken it over meanwhile."""
    with transaction.atomic():
        lock = ImportJob.objects.select_for_update(skip_locked=stalled_before is not None)
        job = lock.filter(pk=job_id, status=Status.RUNNING, attempts=attempt).first()
        if job is None:
            return ImportJob.objects.filter(pk=job_id).first()
        last = job.progress_at or job.started_at or job.created_at
        if stalled_before is not None and last >= stalled_before:
            return job
        if outcome is not None:
            pipeline.apply_counts(job, outcome)
            job.row_errors = outcome.row_errors
        job.status = Status.FAILED
        job.error_summary = failure
        job.finished_at = job.progress_at = timezone.now()
        job.save()
        audit.record(
            actor=actor,
            verb="import.finished",
            target=job,
            importer=job.importer,
            outcome=job.status,
            error=failure[:500],
        )
    return job


# The sweep ------------------------------------------------------------------------------------


def mark_send_failed(job_id: int) -> None:
    """The broker refused the job's message: the sweep sends it again later."""
    ImportJob.objects.filter(pk=job_id).update(send_failed_at=timezone.now())


@dataclass
class Swept:
    imports_to_send: list[int] = field(default_factory=list)
    checks_to_send: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


def sweep(now: datetime.datetime | None = None) -> Swept:
    """Find the jobs whose task must be sent again, and fail the imports that were lost.

    The caller (tasks.sweep_import_jobs) sends the messages. Each job is taken with a
    compare-and-set on the time it was queued, so two sweeps at once send it once.
    """
    now = now or timezone.now()
    swept = Swept()
    resend_before = now - resend_after()
    waiting = ImportJob.objects.annotate(last=Coalesce("progress_at", "queued_at", "created_at"))
    due = [
        (Status.QUEUED, swept.imports_to_send, waiting.filter(status=Status.QUEUED)),
        # A check writes nothing until it ends, so one that was lost is simply sent again.
        (Status.CHECKING, swept.checks_to_send, waiting.filter(status=Status.CHECKING)),
    ]
    for status, to_send, queryset in due:
        rows = queryset.filter(
            Q(queued_at__lt=resend_before) | Q(queued_at__isnull=True), last__lt=resend_before
        ).values_list("pk", "queued_at")
        for pk, queued_at in rows:
            taken = ImportJob.objects.filter(pk=pk, status=status, queued_at=queued_at).update(
                queued_at=now
            )
            if taken:
                to_send.append(pk)

    stalled_before = now - stalled_after()
    minutes = settings.IMPORT_STALLED_AFTER_MINUTES
    lost = (
        ImportJob.objects.filter(status=Status.RUNNING)
        .annotate(last=Coalesce("progress_at", "started_at", "created_at"))
        .filter(last__lt=stalled_before)
        .values_list("pk", "attempts")
    )
    for pk, attempt in lost:
        try:
            job = _fail(
                pk,
                attempt,
                STALLED_MESSAGE.format(minutes=minutes),
                actor=None,
                stalled_before=stalled_before,
            )
        except OperationalError:  # SQLite: a live import holds the write lock
            continue
        if job is not None and job.status == Status.FAILED and job.attempts == attempt:
            swept.failed.append(pk)
    return swept
