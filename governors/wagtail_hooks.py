from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.permissions import register_permission_policy

from schools_platform.core.viewsets import ReadOnlyPolicy
from schools_platform.imports import get_importer

from .admin_views import DASHBOARD_PERMISSION, ComplianceDashboardView
from .viewsets import MENU_HOOK, READ_ONLY_MODELS, VIEWSETS

for _model in READ_ONLY_MODELS:
    register_permission_policy(_model, ReadOnlyPolicy(_model))


@hooks.register("register_admin_viewset")
def register_governor_viewsets():
    return [viewset(f"governors_{viewset.model._meta.model_name}") for viewset in VIEWSETS]


class GiasGovernanceImportMenuItem(MenuItem):
    def is_shown(self, request):
        return get_importer("gias-governance").can_import(request.user)


@hooks.register(MENU_HOOK)
def register_gias_governance_import_menu_item():
    return GiasGovernanceImportMenuItem(
        "Import GIAS governance",
        reverse("imports:upload", args=["gias-governance"]),
        icon_name="upload",
        order=600,
    )


@hooks.register("register_admin_urls")
def register_compliance_dashboard_url():
    return [
        path(
            "governors/compliance/",
            ComplianceDashboardView.as_view(),
            name="governors_compliance",
        )
    ]


class ComplianceMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(DASHBOARD_PERMISSION)


@hooks.register(MENU_HOOK)
def register_compliance_menu_item():
    return ComplianceMenuItem(
        "Compliance", reverse("governors_compliance"), icon_name="tasks", order=50
    )


governors_menu = Menu(register_hook_name=MENU_HOOK)


@hooks.register("register_admin_menu_item")
def register_governors_menu():
    return SubmenuMenuItem("Governors", governors_menu, icon_name="group", order=160)
