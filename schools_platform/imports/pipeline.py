"""The steps shared by the dry run and the import: read a stored file, check or write its rows.

No transaction is opened here for a dry run: it reads only (``run_resource`` refuses any write
while the rows are checked), so on SQLite it never takes the write lock and a sign-in or another
officer's save goes ahead meanwhile. The import writes inside one transaction that the caller
(``jobs.run_import``) holds.
"""

import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.core.cache import cache
from django.db import connection, transaction

from . import engine, exports, files
from .importers import Importer
from .models import ImportJob

WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER)\b", re.IGNORECASE)


class DryRunWrote(RuntimeError):
    """A resource tried to write during a dry run (a programming error, never the file's)."""


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


def _refuse_writes(execute, sql, params, many, context):
    if WRITES.match(sql):
        raise DryRunWrote(f"A dry run must write nothing, but ran: {sql[:80]}")
    return execute(sql, params, many, context)


@contextmanager
def read_only():
    """Any INSERT/UPDATE/DELETE on the default connection raises DryRunWrote meanwhile."""
    with connection.execute_wrapper(_refuse_writes):
        yield


def run_resource(importer: Importer, parsed: files.ParsedFile, *, dry_run: bool, progress=None):
    """Check every row of the file and, unless ``dry_run`` or a row is bad, write them all.

    A dry run opens no transaction and may not write (``resource.dry_run`` tells ``prepare``
    to plan its records rather than create them). The import runs in a savepoint, so a file
    that turns out to have bad rows leaves nothing behind; a refusal by the database raises
    engine.ImportRefused and the caller's transaction must then roll back too.
    """
    resource = importer.resource()
    resource.dry_run = dry_run
    if dry_run:
        with read_only():
            resource.prepare(parsed)
            checked = engine.check(resource, parsed, progress=progress)
    else:
        with transaction.atomic():
            resource.prepare(parsed)
            checked = engine.check(resource, parsed)
            if checked.errors:
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


def apply_counts(job: ImportJob, outcome: Outcome) -> None:
    job.total_rows = outcome.total
    job.new_rows = outcome.new
    job.updated_rows = outcome.updated
    job.unchanged_rows = outcome.unchanged
    job.invalid_rows = outcome.invalid


def counts(job: ImportJob) -> dict:
    return {
        "total": job.total_rows,
        "new": job.new_rows,
        "updated": job.updated_rows,
        "unchanged": job.unchanged_rows,
        "invalid": job.invalid_rows,
    }


def summary(outcome: Outcome) -> str:
    parts = list(outcome.problems)
    if outcome.invalid:
        rows = "1 row has" if outcome.invalid == 1 else f"{outcome.invalid:,} rows have"
        parts.append(f"{rows} problems.")
    parts.append("Nothing has been imported.")
    return " ".join(parts)


def progress_key(job_id: int) -> str:
    return f"imports:job:{job_id}:rows-done"


def publish_progress(job_id: int, rows_done: int) -> None:
    """Rows done so far, for the job page: the work's own writes are not visible until it ends."""
    cache.set(progress_key(job_id), rows_done, timeout=24 * 3600)


def clear_progress(job_id: int) -> None:
    cache.delete(progress_key(job_id))


def rows_done(job: ImportJob) -> int:
    if job.status in (ImportJob.Status.RUNNING, ImportJob.Status.CHECKING):
        return max(job.rows_done, cache.get(progress_key(job.pk)) or 0)
    return job.rows_done
