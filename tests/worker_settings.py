"""Settings for a real Celery worker started by a test: the test settings, with stored files on
disk (TEST_MEDIA_ROOT) so the worker process reads the files the test process stored."""

import os

from schools_platform.settings.test import *  # noqa: F403
from schools_platform.settings.test import STORAGES

STORAGES = {
    name: (
        config
        if name == "staticfiles"
        else {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": os.environ["TEST_MEDIA_ROOT"]},
        }
    )
    for name, config in STORAGES.items()
}
