from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from .admin_exports import SafeExportIndexView
from .filters import AuditEventFilterSet
from .models import AuditEvent


class AuditLogPermissionPolicy(ModelPermissionPolicy):
    """The audit log is read-only for everyone, whatever their Groups ticks say."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return user.has_perm("core.view_audit_log")


class AuditEventViewSet(ModelViewSet):
    model = AuditEvent
    icon = "history"
    menu_label = "Audit log"
    menu_order = 900
    add_to_admin_menu = True
    url_prefix = "audit-log"
    list_display = ["occurred_at", "actor_label", "verb", "target_type", "target_label"]
    filterset_class = AuditEventFilterSet
    search_fields = ["verb", "target_label", "actor_label"]
    inspect_view_enabled = True
    # Forms are never shown (the policy refuses add/change) but Wagtail builds the URLs.
    form_fields = ["verb"]
    list_per_page = 50
    index_view_class = SafeExportIndexView
    list_export = [
        "occurred_at",
        "actor_label",
        "verb",
        "target_type",
        "target_id",
        "target_label",
        "details",
    ]
    export_filename = "audit-log"
    ordering = ["-occurred_at"]
