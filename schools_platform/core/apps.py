from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "schools_platform.core"
    label = "core"

    def ready(self):
        from . import checks, signals  # noqa: F401
