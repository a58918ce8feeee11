from django.apps import AppConfig


class AdmissionsEngineConfig(AppConfig):
    name = "admissions.engine"
    label = "admissions_engine"
    verbose_name = "Appeal panel engine"
