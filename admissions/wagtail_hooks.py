from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.permissions import register_permission_policy

from .viewsets import MENU_HOOK, READ_ONLY_MODELS, VIEWSETS, ReadOnlyPolicy

for _model in READ_ONLY_MODELS:
    register_permission_policy(_model, ReadOnlyPolicy(_model))


@hooks.register("register_admin_viewset")
def register_appeals_viewsets():
    return [viewset(f"appeals_{viewset.model._meta.model_name}") for viewset in VIEWSETS]


appeals_menu = Menu(register_hook_name=MENU_HOOK)


@hooks.register("register_admin_menu_item")
def register_appeals_menu():
    return SubmenuMenuItem("Appeals", appeals_menu, icon_name="group", order=170)
