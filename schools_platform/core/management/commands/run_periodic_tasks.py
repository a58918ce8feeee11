from django.conf import settings
from django.core.management.base import BaseCommand

from schools_platform.celery import app


class Command(BaseCommand):
    help = (
        "Run every periodic task in CELERY_BEAT_SCHEDULE once, now. For the embedded runtime "
        "(no beat) from cron or a systemd timer; production uses celery beat instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("--only", help="Run only the schedule entry with this name.")

    def handle(self, *args, only=None, **options):
        # Autodiscovery only happens in a worker; load every app's tasks module here too.
        app.loader.import_default_modules()
        for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
            if only and name != only:
                continue
            task = app.tasks[entry["task"]]
            result = task.apply(args=entry.get("args", ()), kwargs=entry.get("kwargs", {}))
            self.stdout.write(f"{name}: {result.status} {result.result!r}")
