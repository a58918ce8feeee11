"""The officers' "Schools" menu: the school list (filters, search, CSV/XLSX export) and the GIAS
import. Schools are read-only here: they change through the GIAS import, which is audited."""

import django_filters
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from schools_platform.core.admin_exports import SafeExportIndexView
from schools_platform.imports import get_importer

from .admin_views import SchoolAccessDetailView, SchoolAccessIndexView
from .models import Authority, School
from .selectors import SCHOOL_SEARCH_FIELDS

SCHOOLS_MENU_HOOK = "register_schools_menu_item"


class ReadOnlySchoolPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return super().user_has_permission(user, action)


register_permission_policy(School, ReadOnlySchoolPolicy(School))


def _distinct(field):
    def choices():
        values = School.objects.exclude(**{field: ""}).values_list(field, flat=True)
        return [(v, v) for v in values.distinct().order_by(field)]

    return choices


class SchoolFilterSet(WagtailFilterSet):
    authority = django_filters.ModelChoiceFilter(
        queryset=Authority.objects.order_by("name"), label="Authority"
    )
    phase = django_filters.ChoiceFilter(choices=_distinct("phase"), label="Phase")
    status = django_filters.ChoiceFilter(choices=_distinct("status"), label="Status")

    class Meta:
        model = School
        fields = ["authority", "phase", "status"]


class SchoolIndexView(SafeExportIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("authority")


class SchoolViewSet(ModelViewSet):
    model = School
    icon = "site"
    menu_label = "All schools"
    menu_hook = SCHOOLS_MENU_HOOK
    menu_order = 100
    url_prefix = "schools"
    list_display = ["name", "urn", "authority", "phase", "status", "town"]
    filterset_class = SchoolFilterSet
    search_fields = SCHOOL_SEARCH_FIELDS  # name, town, postcode (normalised) and URN
    inspect_view_enabled = True
    inspect_view_fields_exclude = ["search_text"]  # the search's own copy of name, town, postcode
    # Forms are never shown (the policy refuses add/change) but Wagtail builds the URLs.
    form_fields = ["name"]
    list_per_page = 50
    index_view_class = SchoolIndexView
    list_export = [
        "urn",
        "name",
        "authority.la_code",
        "authority.name",
        "establishment_number",
        "type_of_establishment",
        "phase",
        "status",
        "opened_on",
        "closed_on",
        "statutory_low_age",
        "statutory_high_age",
        "number_of_pupils",
        "street",
        "town",
        "postcode",
        "ward",
        "area",
    ]
    export_headings = {"authority.la_code": "LA code", "authority.name": "Authority"}
    export_filename = "schools"
    ordering = ["name"]


schools_menu = Menu(register_hook_name=SCHOOLS_MENU_HOOK)


@hooks.register("register_admin_viewset")
def register_school_viewset():
    return SchoolViewSet("schools")


class GiasImportMenuItem(MenuItem):
    def is_shown(self, request):
        return get_importer("gias").can_import(request.user)


@hooks.register(SCHOOLS_MENU_HOOK)
def register_gias_import_menu_item():
    return GiasImportMenuItem(
        "Import from GIAS", reverse("imports:upload", args=["gias"]), icon_name="upload", order=200
    )


@hooks.register("register_admin_menu_item")
def register_schools_menu():
    return SubmenuMenuItem("Schools", schools_menu, icon_name="site", order=150)


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
