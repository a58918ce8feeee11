from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "schools_platform.api"
    label = "api"
