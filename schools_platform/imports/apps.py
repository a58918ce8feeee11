from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class ImportsConfig(AppConfig):
    name = "schools_platform.imports"
    label = "imports"
    verbose_name = "Imports"

    def ready(self):
        # Each module registers its importers in its own resources.py.
        autodiscover_modules("resources")
