"""The one way to write an audit event. Services call it inside their transaction."""

from django.db import models

from .models import AuditEvent


def record(*, actor, verb: str, target: models.Model | None = None, **details) -> AuditEvent:
    target_type = target_id = target_label = ""
    if target is not None:
        target_type = target._meta.label_lower
        target_id = str(target.pk)
        target_label = str(target)[:255]
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=getattr(actor, "username", "") or "system",
        verb=verb,
        target_type=target_type,
        target_id=target_id,
        target_label=target_label,
        details=details,
    )
