"""Every write of the import pipeline that an officer asks for: upload, check, confirm, start again.

Flow: ``upload`` (file checked and stored) -> the check (``jobs.run_check``: every row
validated, nothing written; in the request for a small file, else the background task
``check_import_job``) -> ``confirm`` (queues ``tasks.run_import_job`` after commit) ->
``jobs.run_import`` (all rows in one transaction, or none). A failed import can be started
again (``start_again``). Each step writes an audit event.

Tasks are sent after commit by ``_queue``; a broker that cannot be reached leaves the job queued
(the sweep in jobs.py sends it again), never an error page. services -> tasks -> jobs ->
pipeline: nothing here is imported back.
"""

import functools
import hashlib
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from schools_platform.core import audit

from . import exports, files, jobs, pipeline, tasks
from .importers import get_importer
from .models import ImportJob
from .pipeline import clean_filename, progress_key, rows_done  # noqa: F401 - used by views/tests

logger = logging.getLogger(__name__)
Status = ImportJob.Status


def _lock(job: ImportJob) -> ImportJob:
    return ImportJob.objects.select_for_update().get(pk=job.pk)


def _queue(task, job: ImportJob) -> None:
    """Send the job's task once the transaction commits (``delay_on_commit``, with a broker
    outage turned into "queued" rather than an exception after the commit)."""
    transaction.on_commit(functools.partial(tasks.send, task, job.pk))


def checks_in_request(size: int) -> bool:
    """A small file is checked inside the request (no write lock is held while it is); a
    larger one by the background task, with progress on the job page."""
    return size <= settings.IMPORT_CHECK_IN_REQUEST_MAX_KB * 1024


def upload(*, actor, importer_name: str, filename: str, content: bytes) -> ImportJob:
    """Store an uploaded file and check it. A file that cannot be read raises ValidationError
    and leaves nothing behind; a large file is checked in the background."""
    importer = get_importer(importer_name)
    importer.require_import(actor)
    parsed = None
    try:
        fmt = files.check_upload(filename, content)
        if checks_in_request(len(content)):
            parsed = pipeline.parse(importer, content, fmt)
    except files.ImportFileError as error:
        raise ValidationError({"file": error.messages}) from None
    with transaction.atomic():
        job = ImportJob(
            importer=importer.name,
            created_by=actor,
            original_filename=clean_filename(filename),
            file_format=fmt,
            sha256=hashlib.sha256(content).hexdigest(),
            total_rows=len(parsed.rows) if parsed is not None else 0,
            status=Status.CHECKING,
            queued_at=timezone.now(),
        )
        job.file.save(f"upload.{fmt}", ContentFile(content), save=False)
        job.save()
        audit.record(
            actor=actor,
            verb="import.uploaded",
            target=job,
            importer=importer.name,
            filename=job.original_filename,
            sha256=job.sha256,
            rows=job.total_rows,
        )
        if parsed is None:
            _queue(tasks.check_import_job, job)
    if parsed is not None:
        return jobs.run_check(job_id=job.pk, parsed=parsed, actor=actor)
    return ImportJob.objects.get(pk=job.pk)


def dry_run(*, actor, job: ImportJob) -> ImportJob:
    """Check a stored upload again (the data it is compared with may have changed)."""
    with transaction.atomic():
        job = _lock(job)
        importer = get_importer(job.importer)
        importer.require_import(actor)
        if job.status not in (Status.UPLOADED, Status.DRY_RUN_OK, Status.DRY_RUN_FAILED):
            raise ValidationError(
                "This import has already been confirmed; it cannot be re-checked."
            )
        job.status = Status.CHECKING
        job.queued_at = timezone.now()
        job.save(update_fields=["status", "queued_at"])
        in_request = checks_in_request(job.file.size)
        if not in_request:
            _queue(tasks.check_import_job, job)
    if in_request:
        return jobs.run_check(job_id=job.pk, actor=actor)
    return ImportJob.objects.get(pk=job.pk)


@transaction.atomic
def confirm(*, actor, job: ImportJob, background: bool = True) -> ImportJob:
    """Queue the import of a file that passed its dry run. A second confirm does nothing.

    ``background=False`` leaves the caller to call ``jobs.run_import`` itself (commands).
    """
    job = _lock(job)
    importer = get_importer(job.importer)
    importer.require_import(actor)
    if job.status in (Status.QUEUED, Status.RUNNING, *ImportJob.FINISHED):
        return job
    if job.status != Status.DRY_RUN_OK:
        raise ValidationError("Only a file whose check found no problems can be imported.")
    job.status = Status.QUEUED
    job.confirmed_by = actor
    job.confirmed_at = job.queued_at = timezone.now()
    job.send_failed_at = None
    job.rows_done = 0
    job.save()
    audit.record(
        actor=actor,
        verb="import.confirmed",
        target=job,
        importer=importer.name,
        **pipeline.counts(job),
    )
    if background:
        _queue(tasks.run_import_job, job)
    return job


@transaction.atomic
def start_again(*, actor, job: ImportJob) -> ImportJob:
    """Queue a failed import again, from the beginning: its file is checked again as it runs.

    The officer who starts it again is the one the import runs for."""
    job = _lock(job)
    importer = get_importer(job.importer)
    importer.require_import(actor)
    if job.status != Status.FAILED or job.confirmed_at is None:
        raise ValidationError("Only an import that failed can be started again.")
    previous = job.error_summary
    job.status = Status.QUEUED
    job.confirmed_by = actor
    job.queued_at = timezone.now()
    job.send_failed_at = job.finished_at = None
    job.error_summary = ""
    job.rows_done = 0
    job.save()
    audit.record(
        actor=actor,
        verb="import.started_again",
        target=job,
        importer=importer.name,
        previous_error=previous[:500],
    )
    _queue(tasks.run_import_job, job)
    return job


@transaction.atomic
def export(*, actor, importer_name: str, fmt: str) -> tuple[bytes, str]:
    """Current data in the importer's layout, spreadsheet-safe: (content, file name)."""
    importer = get_importer(importer_name)
    importer.require_export(actor)
    if fmt not in exports.CONTENT_TYPES:
        raise ValidationError({"format": "Choose CSV or XLSX."})
    table = exports.export_table(importer.resource())
    content = exports.render(table, fmt, sheet_title=importer.label)
    filename = f"{importer.name}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    audit.record(
        actor=actor, verb="import.exported", importer=importer.name, rows=len(table.rows), fmt=fmt
    )
    return content, filename


def failed_rows_download(job: ImportJob) -> bytes:
    """The stored failed-rows CSV; text cells were escaped with safe_cell when it was written."""
    if not job.failed_rows_file:
        return b""
    with job.failed_rows_file.open("rb") as handle:
        return handle.read()
