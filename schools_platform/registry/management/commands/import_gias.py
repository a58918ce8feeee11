"""manage.py import_gias PATH [--dry-run] [--user USERNAME]

Runs a GIAS extract through the same pipeline as the officers' screen (stored upload, dry run,
audit events, one all-or-nothing transaction) and exits non-zero if any row is bad.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from schools_platform.core.models import User
from schools_platform.imports import jobs, services
from schools_platform.imports.models import ImportJob


class Command(BaseCommand):
    help = "Import schools from a GIAS establishment extract (CSV or XLSX)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Check every row and write nothing."
        )
        parser.add_argument("--user", help="Record the import as this user's (default: system).")

    def handle(self, path: Path, dry_run: bool, user: str | None, **options):
        actor = None
        if user:
            actor = User.objects.filter(username=user, is_active=True).first()
            if actor is None:
                raise CommandError(f"No active user is called {user!r}.")
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        try:
            job = services.upload(
                actor=actor, importer_name="gias", filename=path.name, content=content
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None

        if job.status != ImportJob.Status.DRY_RUN_OK:
            self._report(job, "Had the file been accepted, the import would also have created:")
            raise CommandError(job.error_summary or "The extract has problems.")
        if dry_run:
            self._report(job, "Importing it would also create:")
            self.stdout.write("Dry run: nothing was written.")
            return
        services.confirm(actor=actor, job=job, background=False)
        job = jobs.run_import(job_id=job.pk)
        if job.status != ImportJob.Status.SUCCEEDED:
            self._report(job, "Nothing was imported, so none of these was created:")
            raise CommandError(job.error_summary)
        self._report(job, "Created with the schools:")
        self.stdout.write(self.style.SUCCESS(f"Imported {job.total_rows} rows (job {job.pk})."))

    def _report(self, job, notes_heading: str):
        """Counts, then the check's notes (the GIAS ones are the authorities the file brings)
        under a heading that says whether they were created or only would be."""
        self.stdout.write(
            f"{job.total_rows} rows: {job.new_rows} new, {job.updated_rows} updated, "
            f"{job.unchanged_rows} unchanged, {job.invalid_rows} with problems."
        )
        if job.notes:
            self.stdout.write(notes_heading)
        for note in job.notes:
            self.stdout.write(f"  {note}")
        for error in job.row_errors:
            column = f" {error['column']}:" if error["column"] else ""
            self.stderr.write(f"Row {error['row']}:{column} {error['message']}")
