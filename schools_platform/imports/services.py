"""Every write of the import pipeline: upload, dry run, confirm, the import itself, exports.

Flow: ``upload`` (file checked and stored) -> ``dry_run`` (every row validated, nothing written)
-> ``confirm`` (queues ``tasks.run_import_job`` after commit) -> ``run_import`` (all rows in
one transaction, or none). Each step writes an audit event.
"""

import hashlib
import logging
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from schools_platform.core import audit

from . import engine, exports, files
from .importers import Importer, get_importer
from .models import ImportJob

logger = logging.getLogger(__name__)
Status = ImportJob.Status


@dataclass
class Outcome:
    total: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    invalid: int = 0
    row_errors: list[dict] = field(default_factory=list)
    failed_indexes: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.row_errors or self.problems)


def clean_filename(name: str) -> str:
    base = PurePosixPath((name or "").replace("\\", "/")).name
    return re.sub(r"[\x00-\x1f\x7f]", "", base)[:255] or "upload"


def parse(importer: Importer, content: bytes, fmt: str) -> files.ParsedFile:
    """The file's rows, or ImportFileError when it cannot be read or lacks a needed column."""
    parsed = files.read_file(content, fmt, decoder=importer.pre_reader)
    missing = [c for c in importer.resource().required_columns() if c not in parsed.headers]
    if missing:
        names = ", ".join(f"'{c}'" for c in missing)
        raise files.ImportFileError(
            f"The first row has no column named {names}. Check the file is a "
            f"{importer.label} file and its first row holds the column names."
        )
    if not parsed.rows:
        raise files.ImportFileError("The file has column names but no rows of data.")
    return parsed


def run_resource(importer: Importer, parsed: files.ParsedFile, *, dry_run: bool, progress=None):
    """Check every row of the file and, unless ``dry_run`` or a row is bad, write them all.

    The work runs in a savepoint: the dry run (and a commit that finds bad rows) rolls back
    whatever the resource's ``prepare`` created. A refusal by the database raises
    engine.ImportRefused; the caller's transaction must then roll back too.
    """
    resource = importer.resource()
    with transaction.atomic():
        resource.prepare(parsed)
        checked = engine.check(resource, parsed)
        if dry_run or checked.errors:
            transaction.set_rollback(True)
        else:
            engine.write(resource, checked, progress=progress)
    outcome = Outcome(
        total=checked.total,
        new=checked.new,
        updated=checked.updated,
        unchanged=checked.unchanged,
        invalid=checked.invalid,
        row_errors=engine.row_errors(resource, parsed, checked),
        failed_indexes=list(checked.errors),
    )
    return outcome, resource


def failed_rows_csv(parsed: files.ParsedFile, outcome: Outcome) -> bytes:
    messages: dict[int, list[str]] = {}
    for error in outcome.row_errors:
        prefix = f"{error['column']}: " if error["column"] else ""
        messages.setdefault(error["row"], []).append(prefix + error["message"])
    table = exports.Table(
        headers=[*parsed.headers, "Row", "Error"],
        rows=[],
        date_formats=[None] * (len(parsed.headers) + 2),
    )
    for index in outcome.failed_indexes:
        number = parsed.row_numbers[index]
        table.rows.append([*parsed.rows[index], number, " ".join(messages.get(number, []))])
    return exports.to_csv(table)


def _lock(job: ImportJob) -> ImportJob:
    return ImportJob.objects.select_for_update().get(pk=job.pk)


def _apply_counts(job: ImportJob, outcome: Outcome) -> None:
    job.total_rows = outcome.total
    job.new_rows = outcome.new
    job.updated_rows = outcome.updated
    job.unchanged_rows = outcome.unchanged
    job.invalid_rows = outcome.invalid


def _counts(job: ImportJob) -> dict:
    return {
        "total": job.total_rows,
        "new": job.new_rows,
        "updated": job.updated_rows,
        "unchanged": job.unchanged_rows,
        "invalid": job.invalid_rows,
    }


@transaction.atomic
def upload(*, actor, importer_name: str, filename: str, content: bytes) -> ImportJob:
    """Store an uploaded file and dry-run it. A file that cannot be read raises ValidationError
    and leaves nothing behind."""
    importer = get_importer(importer_name)
    importer.require_import(actor)
    try:
        fmt = files.check_upload(filename, content)
        parsed = parse(importer, content, fmt)
    except files.ImportFileError as error:
        raise ValidationError({"file": error.messages}) from None
    job = ImportJob(
        importer=importer.name,
        created_by=actor,
        original_filename=clean_filename(filename),
        file_format=fmt,
        sha256=hashlib.sha256(content).hexdigest(),
        total_rows=len(parsed.rows),
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
    return _check(actor, job, importer, parsed)


@transaction.atomic
def dry_run(*, actor, job: ImportJob) -> ImportJob:
    """Check a stored upload again (the data it is compared with may have changed)."""
    job = _lock(job)
    importer = get_importer(job.importer)
    importer.require_import(actor)
    if job.status not in (Status.UPLOADED, Status.DRY_RUN_OK, Status.DRY_RUN_FAILED):
        raise ValidationError("This import has already been confirmed; it cannot be re-checked.")
    with job.file.open("rb") as handle:
        content = handle.read()
    try:
        parsed = parse(importer, content, job.file_format)
    except files.ImportFileError as error:
        return _check(actor, job, importer, None, Outcome(problems=list(error.messages)))
    return _check(actor, job, importer, parsed)


def _check(actor, job, importer, parsed, outcome=None) -> ImportJob:
    """Validate every row without writing anything, and keep the findings on the job."""
    notes = []
    if outcome is None:
        outcome, resource = run_resource(importer, parsed, dry_run=True)
        notes = resource.notes()
    _apply_counts(job, outcome)
    job.row_errors = outcome.row_errors
    job.notes = notes
    job.checked_at = timezone.now()
    job.failed_rows_file = None
    if outcome.ok:
        job.status = Status.DRY_RUN_OK
        job.error_summary = ""
    else:
        job.status = Status.DRY_RUN_FAILED
        job.error_summary = _summary(outcome)
        if parsed is not None and outcome.failed_indexes:
            job.failed_rows_file.save(
                "failed-rows.csv", ContentFile(failed_rows_csv(parsed, outcome)), save=False
            )
    job.save()
    audit.record(
        actor=actor,
        verb="import.dry_run",
        target=job,
        importer=importer.name,
        outcome=job.status,
        **_counts(job),
    )
    return job


def _summary(outcome: Outcome) -> str:
    parts = list(outcome.problems)
    if outcome.invalid:
        rows = "1 row has" if outcome.invalid == 1 else f"{outcome.invalid:,} rows have"
        parts.append(f"{rows} problems.")
    parts.append("Nothing has been imported.")
    return " ".join(parts)


@transaction.atomic
def confirm(*, actor, job: ImportJob, background: bool = True) -> ImportJob:
    """Queue the import of a file that passed its dry run. A second confirm does nothing.

    ``background=False`` leaves the caller to call ``run_import`` itself (management commands).
    """
    from .tasks import run_import_job  # noqa: PLC0415 - tasks import this module

    job = _lock(job)
    importer = get_importer(job.importer)
    importer.require_import(actor)
    if job.status in (Status.QUEUED, Status.RUNNING, *ImportJob.FINISHED):
        return job
    if job.status != Status.DRY_RUN_OK:
        raise ValidationError("Only a file whose check found no problems can be imported.")
    job.status = Status.QUEUED
    job.confirmed_by = actor
    job.confirmed_at = timezone.now()
    job.rows_done = 0
    job.save()
    audit.record(
        actor=actor, verb="import.confirmed", target=job, importer=importer.name, **_counts(job)
    )
    if background:
        run_import_job.delay_on_commit(job.pk)
    return job


def progress_key(job_id: int) -> str:
    return f"imports:job:{job_id}:rows-done"


def run_import(*, job_id: int) -> ImportJob:
    """Import a queued job's file: every row in one transaction, or none.

    Two transactions on purpose: claiming the job commits at once (so the job page shows it is
    running and a repeated task finds it taken), then the import runs in its own. Rows done are
    published through the cache, because the import's own writes are invisible until it commits.
    """
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != Status.QUEUED:
            return job
        job.status = Status.RUNNING
        job.started_at = timezone.now()
        job.rows_done = 0
        job.save(update_fields=["status", "started_at", "rows_done"])
    actor = job.confirmed_by
    importer = get_importer(job.importer)

    def publish(rows_done: int) -> None:
        cache.set(progress_key(job.pk), rows_done, timeout=24 * 3600)

    outcome = None
    failure = ""
    try:
        importer.require_import(actor)
        with transaction.atomic():
            with job.file.open("rb") as handle:
                content = handle.read()
            if hashlib.sha256(content).hexdigest() != job.sha256:
                raise files.ImportFileError(
                    "The stored file is not the one that was checked (its SHA-256 differs)."
                )
            parsed = parse(importer, content, job.file_format)
            outcome, _resource = run_resource(importer, parsed, dry_run=False, progress=publish)
            if outcome.ok:
                _apply_counts(job, outcome)
                job.status = Status.SUCCEEDED
                job.rows_done = outcome.total
                job.finished_at = timezone.now()
                job.error_summary = ""
                job.save()
                audit.record(
                    actor=actor,
                    verb="import.finished",
                    target=job,
                    importer=importer.name,
                    outcome=job.status,
                    **_counts(job),
                )
            else:
                transaction.set_rollback(True)
                failure = _summary(outcome)
    except files.ImportFileError as error:
        failure = " ".join(error.messages) + " Nothing has been imported."
    except engine.ImportRefused as error:
        failure = str(error)
    except Exception as error:  # fail closed: the job must never be left running
        logger.exception("Import job %s failed", job_id)
        failure = f"The import stopped with an unexpected error ({type(error).__name__}). "
        failure += "Nothing has been imported."
    cache.delete(progress_key(job.pk))
    if failure:
        with transaction.atomic():
            job = _lock(job)
            if outcome is not None:
                _apply_counts(job, outcome)
                job.row_errors = outcome.row_errors
            job.status = Status.FAILED
            job.error_summary = failure
            job.finished_at = timezone.now()
            job.save()
            audit.record(
                actor=actor,
                verb="import.finished",
                target=job,
                importer=importer.name,
                outcome=job.status,
                error=failure[:500],
            )
    return job


def rows_done(job: ImportJob) -> int:
    if job.status == Status.RUNNING:
        return max(job.rows_done, cache.get(progress_key(job.pk)) or 0)
    return job.rows_done


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
