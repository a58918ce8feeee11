from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "policies"

    def ready(self):
        from wagtail.signals import workflow_cancelled

        workflow_cancelled.connect(_version_workflow_cancelled, dispatch_uid="policies-cancelled")


def _version_workflow_cancelled(sender, instance, user=None, **kwargs):
    """A checklist version's workflow was cancelled: it goes back to draft (services)."""
    from . import services
    from .models import FrameworkVersion

    version = instance.content_object
    if isinstance(version, FrameworkVersion):
        services.withdraw_version(actor=user, version=version)
