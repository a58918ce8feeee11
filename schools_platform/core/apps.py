from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "schools_platform.core"
    label = "core"

    def ready(self):
        # search: registers the SQLite normalise function.
        from . import checks, navigation, search, signals  # noqa: F401

        # Every app's navigation.py registers its header links, cards and admin panels.
        navigation.discover()

        # Wagtail's admin sidebar, cached per user against a signal-bumped version.
        from . import menu_cache

        menu_cache.install()
        menu_cache.connect_signals()
