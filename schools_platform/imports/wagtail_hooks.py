from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import urls
from .importers import importers_for


@hooks.register("register_admin_urls")
def register_import_urls():
    return [path("imports/", include((urls.urlpatterns, "imports"), namespace="imports"))]


class ImportsMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(importers_for(request.user))


@hooks.register("register_admin_menu_item")
def register_imports_menu_item():
    return ImportsMenuItem("Imports", reverse("imports:index"), icon_name="upload", order=860)
