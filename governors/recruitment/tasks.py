from celery import shared_task

from . import services


@shared_task
def refresh_board_make_up() -> int:
    """Daily, and after a serving governor gives answers: the year's board make-up from the
    governors serving today (idempotent: it replaces the year's snapshot)."""
    return services.refresh_serving_make_up(actor=None)
