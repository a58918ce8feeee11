from celery import shared_task

from . import services


@shared_task
def run_engine(run_id: int) -> str:
    """Compose or re-plan panels for one run; progress and result are written to the run."""
    return services.execute_run(run_id).status
