from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "schools_platform.home"
    label = "home"
