from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """An account. Roles are Django groups (see roles.py); school grants are guardian rows."""

    class Meta:
        ordering = ["username"]

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

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        permissions = [("view_audit_log", "Can view and filter the audit log")]

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label or 'system'} {self.verb}"
