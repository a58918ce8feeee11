from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from . import services
from .admin_views import VersionsView
from .models import FrameworkVersion
from .viewsets import (
    DRAFTING_MODELS,
    MENU_HOOK,
    VIEWSETS,
    DraftingPolicy,
    VersionPolicy,
    VersionSnippetViewSet,
)

for _model in DRAFTING_MODELS:
    register_permission_policy(_model, DraftingPolicy(_model))
register_permission_policy(FrameworkVersion, VersionPolicy(FrameworkVersion))
register_snippet(VersionSnippetViewSet)


@hooks.register("register_admin_viewset")
def register_policies_viewsets():
    return [viewset(f"policies_{viewset.model._meta.model_name}") for viewset in VIEWSETS]


@hooks.register("register_admin_urls")
def register_versions_url():
    return [path("policies/versions/", VersionsView.as_view(), name="policies_versions")]


class EditorMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(services.EDIT_FRAMEWORK)


@hooks.register(MENU_HOOK)
def register_versions_menu_item():
    return EditorMenuItem(
        "Checklist versions", reverse("policies_versions"), icon_name="list-ul", order=5
    )


@hooks.register(MENU_HOOK)
def register_framework_import_menu_item():
    return EditorMenuItem(
        "Import a checklist",
        reverse("imports:upload", args=["policy-framework"]),
        icon_name="upload",
        order=600,
    )


policies_menu = Menu(register_hook_name=MENU_HOOK)


@hooks.register("register_admin_menu_item")
def register_policies_menu():
    return SubmenuMenuItem("Policy checklists", policies_menu, icon_name="list-ul", order=175)
