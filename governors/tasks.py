from celery import shared_task

from . import services


@shared_task
def send_term_reminders() -> dict[str, int]:
    """Daily: e-mail clerks about terms ending within their board's reminder period, once."""
    return services.send_term_reminders()
