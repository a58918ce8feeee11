from celery import shared_task

from . import services


@shared_task
def send_survey_invitations() -> dict[str, int]:
    """Daily: invite people on each programme to every survey wave open today, once each
    (dedupe keys in services.send_survey_invitations)."""
    return services.send_survey_invitations()
