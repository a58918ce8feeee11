"""Celery tasks of the pipeline. Thin: the work and its rules are in jobs.py."""

import logging

from celery import shared_task
from kombu.exceptions import OperationalError

from . import jobs

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def run_import_job(job_id: int) -> str:
    """Safe to deliver twice: a worker lost mid-import gives the message back, and the job's
    claim makes a second delivery start again (the first rolled back) or do nothing."""
    job = jobs.run_import(job_id=job_id)
    return job.status if job is not None else "missing"


@shared_task(acks_late=True, reject_on_worker_lost=True)
def check_import_job(job_id: int) -> str:
    """The dry run of an uploaded file; it writes only the job's findings."""
    job = jobs.run_check(job_id=job_id)
    return job.status if job is not None else "missing"


def send(task, job_id: int) -> bool:
    """Send a job's task now. With the broker down the job stays queued (the sweep sends it
    again) and the officer is told so, instead of seeing an error."""
    try:
        task.delay(job_id)
    except OperationalError as error:
        logger.warning("Broker unreachable; import job %s stays queued: %s", job_id, error)
        jobs.mark_send_failed(job_id)
        return False
    return True


@shared_task
def sweep_import_jobs() -> dict:
    """Periodic: send lost messages again and fail imports whose run was lost (jobs.sweep)."""
    swept = jobs.sweep()
    for job_id in swept.imports_to_send:
        send(run_import_job, job_id)
    for job_id in swept.checks_to_send:
        send(check_import_job, job_id)
    return {
        "imports_sent": swept.imports_to_send,
        "checks_sent": swept.checks_to_send,
        "failed": swept.failed,
    }
