from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.permissions import register_permission_policy

from schools_platform.core.viewsets import ReadOnlyPolicy
from schools_platform.imports import get_importer

from .selectors import is_programme_lead
from .viewsets import MENU_HOOK, READ_ONLY_MODELS, VIEWSETS

for _model in READ_ONLY_MODELS:
    register_permission_policy(_model, ReadOnlyPolicy(_model))


@hooks.register("register_admin_viewset")
def register_cpd_viewsets():
    return [viewset(f"cpd_{viewset.model._meta.model_name}") for viewset in VIEWSETS]


class StaffImportMenuItem(MenuItem):
    def is_shown(self, request):
        return get_importer("cpd-staff").can_import(request.user)


class LeadMenuItem(MenuItem):
    def is_shown(self, request):
        return is_programme_lead(request.user)


@hooks.register(MENU_HOOK)
def register_staff_import_menu_item():
    return StaffImportMenuItem(
        "Import staff",
        reverse("imports:upload", args=["cpd-staff"]),
        icon_name="upload",
        order=600,
    )


@hooks.register(MENU_HOOK)
def register_report_menu_item():
    return LeadMenuItem("Completion report", reverse("cpd:report"), icon_name="table", order=50)


cpd_menu = Menu(register_hook_name=MENU_HOOK)


@hooks.register("register_admin_menu_item")
def register_cpd_menu():
    return SubmenuMenuItem("Training", cpd_menu, icon_name="folder-open-inverse", order=170)
