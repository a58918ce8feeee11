from django.apps import AppConfig


class EqualityConfig(AppConfig):
    name = "schools_platform.equality"
    label = "equality"

    def ready(self):
        # Register the Celery tasks in every process, not only in a worker that autodiscovers
        # them: run_periodic_tasks looks tasks up by name in the web/cron process.
        from . import tasks  # noqa: F401
