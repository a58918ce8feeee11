from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "schools_platform.core"
    label = "core"

    def ready(self):
        from . import checks, navigation, signals  # noqa: F401

        # Every app's navigation.py registers its header links, cards and admin panels.
        navigation.discover()
