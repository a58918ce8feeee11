from celery import shared_task
from guardian.utils import clean_orphan_obj_perms


@shared_task
def clean_orphan_object_permissions() -> int:
    """Generic guardian rows outlive their objects; our direct-FK tables cascade on their own."""
    return clean_orphan_obj_perms()


@shared_task
def ping(value: str) -> str:
    """Round trip used by the worker test and health checks."""
    return f"pong:{value}"


@shared_task
def send_notification(notification_id: int) -> bool:
    """Sends one recorded notification (core.notifications.notify queues it after commit)."""
    from .notifications import deliver

    return deliver(notification_id)
