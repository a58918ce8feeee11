from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import AuditEvent
from .viewsets import AuditEventViewSet, AuditLogPermissionPolicy

register_permission_policy(AuditEvent, AuditLogPermissionPolicy(AuditEvent))


@hooks.register("register_admin_viewset")
def register_audit_log():
    return AuditEventViewSet("audit_log")
