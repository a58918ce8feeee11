from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "schools_platform.imports"
    label = "imports"
