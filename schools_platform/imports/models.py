import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from schools_platform.core.private_files import private_storage


def upload_path(instance, filename):
    # ASVS 5.3.2: stored under a name we generate, never the uploader's.
    suffix = ".xlsx" if filename.lower().endswith(".xlsx") else ".csv"
    return f"imports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


def failed_rows_path(instance, filename):
    return f"imports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}-failed-rows.csv"


class ImportJob(models.Model):
    """One uploaded file on its way through dry run, confirmation and the background import."""

    # Never in Wagtail's reference index: nothing in the CMS links here, and each save would
    # cost extra queries (and, for equality rows, copy special category links elsewhere).
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        UPLOADED = "uploaded", "Uploaded"
        CHECKING = "checking", "Checking"
        DRY_RUN_OK = "dry_run_ok", "Checked: ready to import"
        DRY_RUN_FAILED = "dry_run_failed", "Checked: has errors"
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Imported"
        FAILED = "failed", "Failed"

    FINISHED = (Status.SUCCEEDED, Status.FAILED)

    importer = models.CharField(max_length=60, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_jobs",
        help_text="Empty when the platform ran it (management command).",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    original_filename = models.CharField(max_length=255)
    file = models.FileField(upload_to=upload_path, storage=private_storage)
    file_format = models.CharField(max_length=4, choices=[("csv", "CSV"), ("xlsx", "XLSX")])
    sha256 = models.CharField("SHA-256", max_length=64)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.UPLOADED, db_index=True
    )
    total_rows = models.PositiveIntegerField(default=0)
    new_rows = models.PositiveIntegerField(default=0)
    updated_rows = models.PositiveIntegerField(default=0)
    unchanged_rows = models.PositiveIntegerField(default=0)
    invalid_rows = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField("progress (rows done)", default=0)
    error_summary = models.TextField(blank=True)
    # Every problem found by the dry run: [{"row": 7, "column": "URN", "message": "..."}].
    row_errors = models.JSONField(default=list, blank=True)
    # What the import will do beyond the rows, e.g. "Creates authority 999 Testville".
    notes = models.JSONField(default=list, blank=True)
    failed_rows_file = models.FileField(
        upload_to=failed_rows_path, storage=private_storage, blank=True
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="confirmed_import_jobs",
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Background work (jobs.py): when its task was last sent, whether sending failed (broker
    # down: the sweep sends it again), how many runs started, and the last sign of life.
    queued_at = models.DateTimeField(null=True, blank=True)
    send_failed_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when the background service could not be reached."
    )
    attempts = models.PositiveIntegerField(default=0, help_text="Runs started (checks or import).")
    progress_at = models.DateTimeField(
        null=True, blank=True, help_text="When a run last started or finished a step."
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["importer", "-created_at"])]

    def __str__(self):
        return f"{self.importer} import #{self.pk} ({self.original_filename})"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def is_in_progress(self) -> bool:
        return self.status in (self.Status.CHECKING, self.Status.QUEUED, self.Status.RUNNING)

    @property
    def progress_percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.rows_done / self.total_rows))
