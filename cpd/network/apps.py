from django.apps import AppConfig


class CpdNetworkConfig(AppConfig):
    name = "cpd.network"
    label = "cpd_network"
    verbose_name = "CPD network"
