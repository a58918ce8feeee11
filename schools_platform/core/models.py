from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models

from .search import NormalisedTextField


class User(AbstractUser):
    """An account. Roles are Django groups (see roles.py); school grants are guardian rows."""

    class Meta:
        ordering = ["username"]
        permissions = [
            ("erase_personal_data", "Can erase a person's personal data where the law allows"),
        ]

    def __str__(self):
        return self.get_full_name() or self.username


class AuditEvent(models.Model):
    """One row per write, and per person-level view of special category data."""

    # Never in Wagtail's reference index: nothing in the CMS links here, and each save would
    # cost extra queries (and, for equality rows, copy special category links elsewhere).
    wagtail_reference_index_ignore = True

    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
        help_text="Empty for the system itself (scheduled tasks, imports run by the platform).",
    )
    actor_label = models.CharField(max_length=150, blank=True)
    verb = models.CharField(max_length=80, db_index=True)
    target_type = models.CharField(max_length=80, blank=True, db_index=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=255, blank=True)
    details = models.JSONField(default=dict, blank=True)
    # The audit log's search box compares this stored copy, not every row normalised in SQL.
    # db_default: code from before this column (during a rolling deploy) can still insert.
    search_text = NormalisedTextField(
        source_fields=("verb", "actor_label", "target_label"), db_default=""
    )

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        permissions = [("view_audit_log", "Can view and filter the audit log")]

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label or 'system'} {self.verb}"


class Notification(models.Model):
    """One message the platform sent (or tried to send) to a person: to whom, what and why.

    ``dedupe_key`` is unique, so a scheduled reminder is sent once however often its task runs:
    the second attempt finds the key taken and sends nothing (core/notifications.py).
    """

    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Could not be sent"
        NO_ADDRESS = "no_address", "Not sent: no e-mail address"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
        help_text="Empty for an address with no account (e.g. a clerk's shared mailbox).",
    )
    to_email = models.EmailField(blank=True)
    kind = models.CharField(
        max_length=80, db_index=True, help_text="What sort of message, e.g. governors.term_ending."
    )
    template = models.CharField(max_length=200)
    reason = models.CharField(max_length=255, help_text="Why this person got it, in plain words.")
    dedupe_key = models.CharField(max_length=200)
    subject = models.CharField(max_length=255)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    error = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "-created_at"])]
        constraints = [
            models.UniqueConstraint(fields=["dedupe_key"], name="notification_sent_once"),
            models.CheckConstraint(
                condition=~models.Q(recipient__isnull=True, to_email=""),
                name="notification_has_someone_to_go_to",
            ),
        ]

    def __str__(self):
        return f"{self.kind} to {self.to_email or self.recipient_id}: {self.subject}"


class CacheVersion(models.Model):
    """A named version of some cached output's inputs: a fresh random token on every change.

    Kept in the database, not the cache, so that a change and its new version commit (or roll
    back) together and every process reads the same version whatever cache it has. A token,
    not a counter, so a version can never repeat after a reset (core/menu_cache.py).
    """

    wagtail_reference_index_ignore = True

    name = models.CharField(max_length=50, primary_key=True)
    token = models.CharField(max_length=32)

    def __str__(self):
        return f"{self.name}: {self.token}"
