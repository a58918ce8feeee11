from celery import shared_task

from . import services


@shared_task
def send_equality_duty_reminders() -> int:
    """Daily: remind schools of equality information and objectives due or overdue."""
    return services.send_equality_duty_reminders()


@shared_task
def send_review_reminders() -> int:
    """Daily: remind schools and their reviewers of actions and policy reviews due."""
    return services.send_review_reminders()
