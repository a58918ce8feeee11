from celery.schedules import crontab
from django.apps import AppConfig
from django.conf import settings

BEAT_ENTRY = "governor-recruitment-board-make-up"


class GovernorRecruitmentConfig(AppConfig):
    name = "governors.recruitment"
    label = "governor_recruitment"
    verbose_name = "Governor recruitment"

    def ready(self):
        # As governors/apps.py: the task is registered in every process and the module adds
        # its own daily schedule.
        from . import tasks  # noqa: F401

        settings.CELERY_BEAT_SCHEDULE.setdefault(
            BEAT_ENTRY,
            {
                "task": "governors.recruitment.tasks.refresh_board_make_up",
                "schedule": crontab(hour=5, minute=50),
            },
        )
