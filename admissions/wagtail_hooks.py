from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.permissions import register_permission_policy

from schools_platform.core.viewsets import ReadOnlyPolicy
from schools_platform.imports import get_importer

from .viewsets import MENU_HOOK, READ_ONLY_MODELS, VIEWSETS

for _model in READ_ONLY_MODELS:
    register_permission_policy(_model, ReadOnlyPolicy(_model))


@hooks.register("register_admin_viewset")
def register_appeals_viewsets():
    return [viewset(f"appeals_{viewset.model._meta.model_name}") for viewset in VIEWSETS]


appeals_menu = Menu(register_hook_name=MENU_HOOK)


@hooks.register("register_admin_menu_item")
def register_appeals_menu():
    return SubmenuMenuItem("Appeals", appeals_menu, icon_name="group", order=170)


class _ImportMenuItem(MenuItem):
    def __init__(self, importer_name, *args, **kwargs):
        self.importer_name = importer_name
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        return get_importer(self.importer_name).can_import(request.user)


@hooks.register(MENU_HOOK)
def register_term_dates_import_menu_item():
    return _ImportMenuItem(
        "appeals-term-dates",
        "Import term dates",
        reverse("imports:upload", args=["appeals-term-dates"]),
        icon_name="upload",
        order=600,
    )


@hooks.register(MENU_HOOK)
def register_closures_import_menu_item():
    return _ImportMenuItem(
        "appeals-closures",
        "Import closures in term",
        reverse("imports:upload", args=["appeals-closures"]),
        icon_name="upload",
        order=610,
    )
