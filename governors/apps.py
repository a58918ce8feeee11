from django.apps import AppConfig


class GovernorsConfig(AppConfig):
    name = "governors"
