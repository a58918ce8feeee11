from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from .admin_views import SchoolAccessDetailView, SchoolAccessIndexView
from .models import AuditEvent
from .viewsets import AuditEventViewSet, AuditLogPermissionPolicy

register_permission_policy(AuditEvent, AuditLogPermissionPolicy(AuditEvent))


@hooks.register("register_admin_viewset")
def register_audit_log():
    return AuditEventViewSet("audit_log")


@hooks.register("register_admin_urls")
def register_school_access_urls():
    return [
        path("school-access/", SchoolAccessIndexView.as_view(), name="school_access_index"),
        path(
            "school-access/<int:urn>/",
            SchoolAccessDetailView.as_view(),
            name="school_access_detail",
        ),
    ]


class SchoolAccessMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("registry.manage_school_access")


@hooks.register("register_admin_menu_item")
def register_school_access_menu_item():
    return SchoolAccessMenuItem(
        "School access", reverse("school_access_index"), icon_name="lock", order=850
    )
