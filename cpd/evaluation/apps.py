from django.apps import AppConfig


class CpdEvaluationConfig(AppConfig):
    name = "cpd.evaluation"
    label = "cpd_evaluation"
    verbose_name = "CPD evaluation and impact"
