from django.apps import AppConfig


class RepresentationConfig(AppConfig):
    name = "schools_platform.representation"
    label = "representation"
