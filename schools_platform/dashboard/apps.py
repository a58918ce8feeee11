from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The top floor: the member dashboard, the demo accounts and the seed_demo command."""

    name = "schools_platform.dashboard"
    label = "dashboard"
    verbose_name = "Dashboard"
