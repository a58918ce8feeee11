from celery import shared_task

from . import services


@shared_task
def send_term_reminders() -> dict[str, int]:
    """Daily: e-mail clerks about terms ending within their board's reminder period, once."""
    return services.send_term_reminders()


@shared_task
def send_check_reminders() -> dict[str, int]:
    """Daily: e-mail clerks about DBS renewals and training falling due or overdue, once."""
    return services.send_check_reminders()
