"""The appeals officers' screens in the Wagtail admin: the panel pool, clerks, rounds and
hearing blocks, with filters, search and formula-safe CSV/XLSX exports.

Read-only here, whatever the Groups screen says: every change goes through services.py (the
clerk's and members' pages), so the checker guards every roster and each audit row lives once.
No equality answers and no contact details beyond the clerk's own are listed or exported."""

import django_filters
from wagtail.admin.filters import WagtailFilterSet

from schools_platform.core.admin_exports import SafeExportIndexView
from schools_platform.core.admin_tables import PlainColumnsMixin
from schools_platform.core.viewsets import ReadOnlyViewSet

from .models import (
    AppealRound,
    Category,
    Clerk,
    HearingBlock,
    HearingMode,
    PanelMember,
    RoundKind,
)

MENU_HOOK = "register_appeals_menu_item"
POOL_COLUMNS = ["full_name", "category", "chair_capable", "travel_area", "active"]
LISTED_POOL_FIELDS = ["pk", *POOL_COLUMNS]


class PoolFilterSet(WagtailFilterSet):
    category = django_filters.ChoiceFilter(choices=Category.choices, label="Category")
    chair_capable = django_filters.BooleanFilter(label="Chair-capable")
    active = django_filters.BooleanFilter(label="Active")

    class Meta:
        model = PanelMember
        fields = ["category", "chair_capable", "active"]


class RoundFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(choices=RoundKind.choices, label="Round")
    academic_year = django_filters.NumberFilter(label="Year of entry")

    class Meta:
        model = AppealRound
        fields = ["kind", "academic_year"]


class BlockFilterSet(WagtailFilterSet):
    mode = django_filters.ChoiceFilter(choices=HearingMode.choices, label="Mode")
    needs_rehearing = django_filters.BooleanFilter(label="To be re-heard")
    round__kind = django_filters.ChoiceFilter(choices=RoundKind.choices, label="Round")

    class Meta:
        model = HearingBlock
        fields = ["mode", "needs_rehearing", "round__kind"]


class PoolIndexView(PlainColumnsMixin, SafeExportIndexView):
    """Cells built in Python, rows linking to their inspect view (core/admin_tables.py); the
    page reads only the columns it shows, an export every column it writes."""

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        if self.is_export:
            return queryset.select_related("authority")
        return queryset.only(*LISTED_POOL_FIELDS)


class RoundIndexView(SafeExportIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("school", "authority")


class BlockIndexView(SafeExportIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("round__school", "round__authority")


class _ReadOnly(ReadOnlyViewSet):
    menu_hook = MENU_HOOK


class PoolViewSet(_ReadOnly):
    model = PanelMember
    icon = "group"
    menu_label = "Panel pool"
    menu_order = 100
    url_prefix = "appeals/pool"
    list_display = POOL_COLUMNS
    filterset_class = PoolFilterSet
    search_fields = ["full_name", "travel_area"]
    form_fields = ["full_name"]
    index_view_class = PoolIndexView
    list_export = [
        "id",
        "full_name",
        "authority.name",
        "get_category_display",
        "chair_capable",
        "appointed_on",
        "appointment_ends_on",
        "travel_area",
        "max_sittings_per_week",
        "max_sittings_per_season",
        "active",
    ]
    export_headings = {
        "authority.name": "Authority",
        "get_category_display": "Category (derived)",
        "appointment_ends_on": "Appointment ends",
    }
    export_filename = "appeal-panel-pool"
    ordering = ["full_name"]


class ClerkViewSet(_ReadOnly):
    model = Clerk
    icon = "user"
    menu_label = "Clerks"
    menu_order = 200
    url_prefix = "appeals/clerks"
    list_display = ["full_name", "email", "trained_until", "active"]
    search_fields = ["full_name", "email"]
    form_fields = ["full_name"]
    list_export = ["id", "full_name", "email", "trained_until", "active"]
    export_filename = "appeal-clerks"
    ordering = ["full_name"]


class RoundViewSet(_ReadOnly):
    model = AppealRound
    icon = "date"
    menu_label = "Rounds"
    menu_order = 300
    url_prefix = "appeals/rounds"
    list_display = ["school", "year_group", "kind", "academic_year", "lodging_deadline"]
    filterset_class = RoundFilterSet
    search_fields = ["school__name", "year_group"]
    form_fields = ["year_group"]
    index_view_class = RoundIndexView
    list_export = [
        "id",
        "school.urn",
        "school.name",
        "authority.name",
        "academic_year",
        "get_kind_display",
        "year_group",
        "lodging_deadline",
        "notice_school_days",
        "timetable_published_on",
    ]
    export_headings = {
        "school.urn": "URN",
        "school.name": "School",
        "authority.name": "Arranging authority",
        "get_kind_display": "Round",
    }
    export_filename = "appeal-rounds"
    ordering = ["-academic_year", "school__name"]


class BlockViewSet(_ReadOnly):
    model = HearingBlock
    icon = "calendar"
    menu_label = "Hearing blocks"
    menu_order = 400
    url_prefix = "appeals/blocks"
    list_display = ["reference", "round", "mode", "venue", "needs_rehearing"]
    filterset_class = BlockFilterSet
    search_fields = ["reference", "venue", "round__school__name"]
    form_fields = ["reference"]
    index_view_class = BlockIndexView
    list_export = [
        "id",
        "reference",
        "round.school.urn",
        "round.school.name",
        "round.get_kind_display",
        "get_mode_display",
        "venue",
        "needs_rehearing",
        "notice_sent_on",
    ]
    export_headings = {
        "round.school.urn": "URN",
        "round.school.name": "School",
        "round.get_kind_display": "Round",
        "get_mode_display": "Mode",
    }
    export_filename = "hearing-blocks"
    ordering = ["reference"]


READ_ONLY_MODELS = (PanelMember, Clerk, AppealRound, HearingBlock)
VIEWSETS = (PoolViewSet, ClerkViewSet, RoundViewSet, BlockViewSet)
