from django.apps import AppConfig


class EqualityConfig(AppConfig):
    name = "schools_platform.equality"
    label = "equality"
