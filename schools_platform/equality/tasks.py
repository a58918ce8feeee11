from celery import shared_task

from . import retention


@shared_task
def apply_retention_policy() -> dict[str, int]:
    """Nightly: delete unsuccessful applicants' profiles past their retention period."""
    return retention.apply_retention_policy()
