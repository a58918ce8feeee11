from django.apps import AppConfig


class GovernorRecruitmentConfig(AppConfig):
    name = "governors.recruitment"
    label = "governor_recruitment"
    verbose_name = "Governor recruitment"
