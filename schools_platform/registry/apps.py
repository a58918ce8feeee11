from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "schools_platform.registry"
    label = "registry"
