from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.permissions import register_permission_policy

from .viewsets import LEAD_MODELS, MENU_HOOK, VIEWSETS, LeadPolicy

for _model in LEAD_MODELS:
    register_permission_policy(_model, LeadPolicy(_model))


@hooks.register("register_admin_viewset")
def register_network_viewsets():
    return [viewset(f"cpd_network_{viewset.model._meta.model_name}") for viewset in VIEWSETS]


network_menu = Menu(register_hook_name=MENU_HOOK)


@hooks.register("register_admin_menu_item")
def register_network_menu():
    return SubmenuMenuItem("Headteachers' network", network_menu, icon_name="group", order=171)
