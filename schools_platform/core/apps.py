from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "schools_platform.core"
    label = "core"

    def ready(self):
        from . import search, signals  # noqa: F401  (search: the SQLite normalise function)
