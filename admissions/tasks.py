from celery import shared_task

from . import services


@shared_task
def send_deadline_reminders() -> dict[str, int]:
    """Daily: remind clerks of appeals deadlines due soon or overdue, once each."""
    return services.send_deadline_reminders()
