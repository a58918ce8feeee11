from celery import shared_task

from . import services


@shared_task
def send_cpd_reminders() -> dict[str, int]:
    """Daily: remind learners of tomorrow's session and of unfinished prerequisites, once each
    (dedupe keys in services.send_reminders)."""
    return services.send_reminders()
