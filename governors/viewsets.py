"""The officers' "Governors" screens in the Wagtail admin: boards, governors, terms of office
and instruments of government, with filters, search and formula-safe CSV/XLSX exports.

Read-only here, whatever the Groups screen says: every change goes through services.py (the
member pages), so each rule and audit row lives once. Officers see every board; the menu is
shown to whoever holds the view permission (council officers, core/roles.py)."""

import django_filters
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from schools_platform.core.admin_exports import SafeExportIndexView
from schools_platform.core.viewsets import ReadOnlyViewSet

from .choices import AppointingBody, BoardKind, Category, EndReason, FoundationRule
from .models import Board, GiasGovernanceRecord, Governor, InstrumentOfGovernment, Term

MENU_HOOK = "register_governors_menu_item"


class BoardFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(choices=BoardKind.choices, label="Kind")
    foundation_rule = django_filters.ChoiceFilter(
        choices=FoundationRule.choices, label="Foundation rule"
    )

    class Meta:
        model = Board
        fields = ["kind", "foundation_rule"]


class TermFilterSet(WagtailFilterSet):
    category = django_filters.ChoiceFilter(choices=Category.choices, label="Category")
    appointing_body = django_filters.ChoiceFilter(
        choices=AppointingBody.choices, label="Appointing body"
    )
    end_reason = django_filters.ChoiceFilter(choices=EndReason.choices, label="Why it ended")
    board = django_filters.ModelChoiceFilter(queryset=Board.objects.order_by("name"), label="Board")
    ends_on = django_filters.DateFromToRangeFilter(label="Term ends", widget=DateRangePickerWidget)

    class Meta:
        model = Term
        fields = ["category", "appointing_body", "end_reason", "board", "ends_on"]


class InstrumentFilterSet(WagtailFilterSet):
    board = django_filters.ModelChoiceFilter(queryset=Board.objects.order_by("name"), label="Board")

    class Meta:
        model = InstrumentOfGovernment
        fields = ["board"]


class TermIndexView(SafeExportIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("board", "governor")


class InstrumentIndexView(SafeExportIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("board")


class GiasIndexView(SafeExportIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("school")


class _ReadOnly(ReadOnlyViewSet):
    menu_hook = MENU_HOOK


class BoardViewSet(_ReadOnly):
    model = Board
    icon = "group"
    menu_label = "Boards"
    menu_order = 100
    url_prefix = "governors/boards"
    list_display = ["name", "kind", "foundation_rule", "clerk_name"]
    filterset_class = BoardFilterSet
    search_fields = ["name", "clerk_name"]
    form_fields = ["name"]
    list_export = [
        "id",
        "name",
        "get_kind_display",
        "get_foundation_rule_display",
        "clerk_name",
        "clerk_email",
        "reminder_days",
    ]
    export_headings = {
        "get_kind_display": "Kind",
        "get_foundation_rule_display": "Foundation rule",
    }
    export_filename = "governing-boards"
    ordering = ["name"]


class GovernorViewSet(_ReadOnly):
    model = Governor
    icon = "user"
    menu_label = "Governors"
    menu_order = 200
    url_prefix = "governors/people"
    list_display = ["full_name", "email"]
    search_fields = ["first_name", "last_name", "email"]
    form_fields = ["first_name"]
    list_export = ["id", "title", "first_name", "middle_names", "last_name", "email", "telephone"]
    export_filename = "governors"
    ordering = ["last_name", "first_name"]


class TermViewSet(_ReadOnly):
    model = Term
    icon = "date"
    menu_label = "Terms of office"
    menu_order = 300
    url_prefix = "governors/terms"
    list_display = [
        "governor",
        "board",
        "category",
        "appointing_body",
        "starts_on",
        "ends_on",
        "ended_on",
    ]
    filterset_class = TermFilterSet
    search_fields = ["governor__first_name", "governor__last_name", "board__name"]
    form_fields = ["category"]
    index_view_class = TermIndexView
    list_export = [
        "id",
        "board.name",
        "governor.full_name",
        "get_category_display",
        "get_appointing_body_display",
        "starts_on",
        "ends_on",
        "ended_on",
        "get_end_reason_display",
    ]
    export_headings = {
        "board.name": "Board",
        "governor.full_name": "Name",
        "get_category_display": "Category",
        "get_appointing_body_display": "Appointing body",
        "starts_on": "Date of appointment",
        "ends_on": "Term ends",
        "ended_on": "Stepped down",
        "get_end_reason_display": "Why it ended",
    }
    export_filename = "terms-of-office"
    ordering = ["-starts_on"]


class InstrumentViewSet(_ReadOnly):
    model = InstrumentOfGovernment
    icon = "doc-full"
    menu_label = "Instruments of government"
    menu_order = 400
    url_prefix = "governors/instruments"
    list_display = ["board", "effective_from", "created_at"]
    filterset_class = InstrumentFilterSet
    search_fields = ["board__name"]
    form_fields = ["notes"]
    index_view_class = InstrumentIndexView
    list_export = ["board.name", "effective_from", "notes"]
    export_headings = {"board.name": "Board"}
    export_filename = "instruments-of-government"
    ordering = ["board__name", "-effective_from"]


class GiasRecordViewSet(_ReadOnly):
    model = GiasGovernanceRecord
    icon = "table"
    menu_label = "GIAS governance records"
    menu_order = 500
    url_prefix = "governors/gias"
    list_display = ["surname", "forename_1", "school", "role", "appointed_on", "term_ends_on"]
    search_fields = ["surname", "forename_1", "role"]
    form_fields = ["surname"]
    index_view_class = GiasIndexView
    list_export = [
        "gid",
        "school.urn",
        "uid",
        "role",
        "title",
        "forename_1",
        "forename_2",
        "surname",
        "appointed_on",
        "term_ends_on",
        "appointing_body",
    ]
    export_filename = "gias-governance"
    ordering = ["surname"]


READ_ONLY_MODELS = (Board, Governor, Term, InstrumentOfGovernment, GiasGovernanceRecord)
VIEWSETS = (BoardViewSet, GovernorViewSet, TermViewSet, InstrumentViewSet, GiasRecordViewSet)
