from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from .admin_exports import SafeExportIndexView
from .admin_tables import PlainColumnsMixin
from .filters import AuditEventFilterSet
from .models import AuditEvent


class ReadOnlyPolicy(ModelPermissionPolicy):
    """A model whose every change goes through its module's services (each rule and audit row
    lives once): view and inspect only in the Wagtail admin, whatever the Groups screen says.
    A module registers it for each such model in its wagtail_hooks.py."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)


class ReadOnlyViewSet(ModelViewSet):
    """A module's listing screens in the Wagtail admin: an inspect view, 50 rows a page and
    formula-safe CSV/XLSX exports (``SafeExportIndexView``). A module subclasses it once with
    its ``menu_hook``; each screen sets its model, columns, filters, search and export.
    Read-only comes from ``ReadOnlyPolicy`` registered for the model (``form_fields`` is still
    needed: Wagtail builds the form URLs); a screen that adds or changes through a service
    sets its own ``add_view_class``/``edit_view_class`` and policy instead."""

    inspect_view_enabled = True
    list_per_page = 50
    index_view_class = SafeExportIndexView


class AuditLogPermissionPolicy(ModelPermissionPolicy):
    """The audit log is read-only for everyone, whatever their Groups ticks say."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return user.has_perm("core.view_audit_log")


class AuditLogIndexView(PlainColumnsMixin, SafeExportIndexView):
    """Cells built in Python and no per-row action menu (its one item, Inspect, is the row's
    link): Wagtail's per-cell templates were most of this page's time."""


class AuditEventViewSet(ModelViewSet):
    model = AuditEvent
    icon = "history"
    menu_label = "Audit log"
    menu_order = 900
    add_to_admin_menu = True
    url_prefix = "audit-log"
    list_display = ["occurred_at", "actor_label", "verb", "target_type", "target_label"]
    filterset_class = AuditEventFilterSet
    search_fields = ["search_text"]  # normalised verb, actor and target (stored)
    inspect_view_enabled = True
    # Forms are never shown (the policy refuses add/change) but Wagtail builds the URLs.
    form_fields = ["verb"]
    list_per_page = 50
    index_view_class = AuditLogIndexView
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


class ServiceSaveMixin:
    """For a generic create/edit view whose ``save_instance`` calls a service: the service's
    ValidationError goes on the fields it names (else the top of the form) and a refusal
    (PermissionDenied) at the top, and the form is shown again; nothing is raised."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, messages in error.message_dict.items():
                    for message in messages:
                        form.add_error(name if name in form.fields else None, message)
            else:
                for message in error.messages:
                    form.add_error(None, message)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        # Wagtail's form_invalid shows the page's "could not be saved" banner from this.
        self.produced_error_message = self.get_error_message()
        return self.form_invalid(form)
