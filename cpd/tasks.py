from celery import shared_task

from . import services


@shared_task
def send_cpd_reminders() -> dict[str, int]:
    """Daily: remind learners of tomorrow's session and of unfinished prerequisites, once each
    (dedupe keys in services.send_reminders)."""
    return services.send_reminders()


@shared_task(acks_late=True, reject_on_worker_lost=True)
def run_bulk_enrolment(job_id: int) -> str:
    """Enrol (and book) an organisation's or a department's staff; progress and the result
    are written to the job. Safe to deliver twice (services.run_bulk_enrolment)."""
    job = services.run_bulk_enrolment(job_id)
    return job.status if job is not None else "missing"


@shared_task
def schedule_follow_up_sessions() -> dict[str, int]:
    """Daily: book who attended a face-to-face session onto the reflection its weeks later,
    creating the session when none has places; once per learner and module
    (services.schedule_follow_ups)."""
    return services.schedule_follow_ups()
