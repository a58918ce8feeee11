from celery.schedules import crontab
from django.apps import AppConfig
from django.conf import settings

BEAT_ENTRY = "governors-term-reminders"
CHECKS_BEAT_ENTRY = "governors-check-reminders"


class GovernorsConfig(AppConfig):
    name = "governors"
    verbose_name = "Governors"

    def ready(self):
        # Registered in every process (run_periodic_tasks looks tasks up by name), and the
        # daily schedule is added by the module itself rather than by editing core settings.
        from . import tasks  # noqa: F401

        settings.CELERY_BEAT_SCHEDULE.setdefault(
            BEAT_ENTRY,
            {
                "task": "governors.tasks.send_term_reminders",
                "schedule": crontab(hour=6, minute=30),
            },
        )
        settings.CELERY_BEAT_SCHEDULE.setdefault(
            CHECKS_BEAT_ENTRY,
            {
                "task": "governors.tasks.send_check_reminders",
                "schedule": crontab(hour=6, minute=40),
            },
        )
