from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.permissions import register_permission_policy

from .models import AuditEvent
from .navigation import admin_panels_for
from .viewsets import AuditEventViewSet, AuditLogPermissionPolicy

register_permission_policy(AuditEvent, AuditLogPermissionPolicy(AuditEvent))


@hooks.register("register_admin_viewset")
def register_audit_log():
    return AuditEventViewSet("audit_log")


class RegisteredPanel(Component):
    """A panel an app registered in its navigation.py (core/navigation.py), on Wagtail's home."""

    def __init__(self, panel, context):
        self.name = panel.name
        self.order = panel.order
        self.template_name = panel.template
        self.panel_context = {"title": panel.title, **context}

    def get_context_data(self, parent_context):
        return self.panel_context


@hooks.register("construct_homepage_panels")
def add_registered_panels(request, panels):
    for panel, context in admin_panels_for(request):
        panels.append(RegisteredPanel(panel, context))
