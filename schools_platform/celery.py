"""The Celery app: JSON only, tasks queued after commit (DjangoTask.delay_on_commit)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schools_platform.settings.dev")

app = Celery("schools_platform", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
