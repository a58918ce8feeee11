"""The programme lead's CPD screens in the Wagtail admin: organisations, learners, sessions,
enrolments and completions, with filters, search and formula-safe CSV/XLSX exports (the kit's
``SafeExportIndexView``).

Read-only here, whatever the Groups screen says: every change goes through services.py (places,
capacity, prerequisites and the audit record live there once). Shown to whoever holds the view
permissions: the CPD programme lead (core/roles.py)."""

import django_filters
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from schools_platform.core.admin_exports import SafeExportIndexView
from schools_platform.core.viewsets import ReadOnlyViewSet

from .models import (
    Allocation,
    Completion,
    CompletionSource,
    Enrolment,
    EnrolmentStatus,
    Learner,
    Organisation,
    Phase,
    Programme,
    Session,
    SessionStatus,
)

MENU_HOOK = "register_cpd_menu_item"


def _orgs():
    return Organisation.objects.order_by("name")


class LearnerFilterSet(WagtailFilterSet):
    organisation = django_filters.ModelChoiceFilter(queryset=_orgs(), label="Organisation")
    is_manager = django_filters.BooleanFilter(label="Manager")
    left = django_filters.BooleanFilter(
        field_name="left_on", lookup_expr="isnull", exclude=True, label="Has left"
    )

    class Meta:
        model = Learner
        fields = ["organisation", "is_manager"]


class SessionFilterSet(WagtailFilterSet):
    module__programme = django_filters.ModelChoiceFilter(
        queryset=Programme.objects.order_by("title"), label="Programme"
    )
    status = django_filters.ChoiceFilter(choices=SessionStatus.choices, label="Status")
    starts_at = django_filters.DateFromToRangeFilter(label="Date", widget=DateRangePickerWidget)

    class Meta:
        model = Session
        fields = ["module__programme", "status", "starts_at"]


class EnrolmentFilterSet(WagtailFilterSet):
    phase = django_filters.ModelChoiceFilter(
        queryset=Phase.objects.select_related("programme").order_by("starts_on"), label="Phase"
    )
    organisation = django_filters.ModelChoiceFilter(queryset=_orgs(), label="Organisation")
    status = django_filters.ChoiceFilter(choices=EnrolmentStatus.choices, label="Status")

    class Meta:
        model = Enrolment
        fields = ["phase", "organisation", "status"]


class CompletionFilterSet(WagtailFilterSet):
    module__programme = django_filters.ModelChoiceFilter(
        queryset=Programme.objects.order_by("title"), label="Programme"
    )
    learner__organisation = django_filters.ModelChoiceFilter(queryset=_orgs(), label="Organisation")
    source = django_filters.ChoiceFilter(choices=CompletionSource.choices, label="Source")
    completed_on = django_filters.DateFromToRangeFilter(
        label="Completed", widget=DateRangePickerWidget
    )

    class Meta:
        model = Completion
        fields = ["module__programme", "learner__organisation", "source", "completed_on"]


class AllocationFilterSet(WagtailFilterSet):
    phase = django_filters.ModelChoiceFilter(
        queryset=Phase.objects.select_related("programme").order_by("starts_on"), label="Phase"
    )

    class Meta:
        model = Allocation
        fields = ["phase"]


def _index(*related):
    class View(SafeExportIndexView):
        def get_base_queryset(self):
            return super().get_base_queryset().select_related(*related)

    return View


class _ReadOnly(ReadOnlyViewSet):
    menu_hook = MENU_HOOK


class ProgrammeViewSet(_ReadOnly):
    model = Programme
    icon = "list-ul"
    menu_label = "Programmes"
    menu_order = 100
    url_prefix = "cpd/programmes"
    list_display = ["title", "starts_on", "ends_on", "target_learners"]
    search_fields = ["title"]
    form_fields = ["title"]
    list_export = ["title", "starts_on", "ends_on", "target_learners"]
    export_filename = "cpd-programmes"


class AllocationViewSet(_ReadOnly):
    model = Allocation
    icon = "group"
    menu_label = "Places"
    menu_order = 150
    url_prefix = "cpd/places"
    list_display = ["phase", "organisation", "places"]
    filterset_class = AllocationFilterSet
    form_fields = ["places"]
    index_view_class = _index("phase__programme", "organisation")
    list_export = ["phase.programme.title", "phase.name", "organisation.name", "places"]
    export_headings = {
        "phase.programme.title": "Programme",
        "phase.name": "Phase",
        "organisation.name": "Organisation",
    }
    export_filename = "cpd-places"


class LearnerViewSet(_ReadOnly):
    model = Learner
    icon = "user"
    menu_label = "Staff"
    menu_order = 200
    url_prefix = "cpd/staff"
    list_display = ["name", "employee_number", "organisation", "department", "left_on"]
    filterset_class = LearnerFilterSet
    search_fields = ["name", "employee_number", "work_email"]
    form_fields = ["name"]
    index_view_class = _index("organisation", "department")
    list_export = [
        "organisation.name",
        "employee_number",
        "name",
        "work_email",
        "department_name",
        "is_manager",
        "started_on",
        "left_on",
    ]
    export_headings = {"organisation.name": "Organisation", "department_name": "Department"}
    export_filename = "cpd-staff"


class SessionViewSet(_ReadOnly):
    model = Session
    icon = "date"
    menu_label = "Sessions"
    menu_order = 300
    url_prefix = "cpd/sessions"
    list_display = ["module", "starts_at", "venue", "capacity", "status"]
    filterset_class = SessionFilterSet
    search_fields = ["venue", "module__title"]
    form_fields = ["venue"]
    index_view_class = _index("module", "module__programme")
    list_export = [
        "module.programme.title",
        "module.title",
        "starts_at",
        "ends_at",
        "venue",
        "online_url",
        "capacity",
        "get_status_display",
    ]
    export_headings = {
        "module.programme.title": "Programme",
        "module.title": "Module",
        "get_status_display": "Status",
    }
    export_filename = "cpd-sessions"


class EnrolmentViewSet(_ReadOnly):
    model = Enrolment
    icon = "tick"
    menu_label = "Enrolments"
    menu_order = 400
    url_prefix = "cpd/enrolments"
    list_display = ["learner", "phase", "organisation", "status", "created_at"]
    filterset_class = EnrolmentFilterSet
    search_fields = ["learner__name", "learner__employee_number"]
    form_fields = ["status"]
    index_view_class = _index("learner", "phase", "phase__programme", "organisation")
    list_export = [
        "phase.programme.title",
        "phase.name",
        "organisation.name",
        "learner.employee_number",
        "learner.name",
        "get_status_display",
        "created_at",
    ]
    export_headings = {
        "phase.programme.title": "Programme",
        "phase.name": "Phase",
        "organisation.name": "Organisation",
        "learner.employee_number": "Employee number",
        "learner.name": "Name",
        "get_status_display": "Status",
    }
    export_filename = "cpd-enrolments"


class CompletionViewSet(_ReadOnly):
    model = Completion
    icon = "success"
    menu_label = "Completions"
    menu_order = 500
    url_prefix = "cpd/completions"
    list_display = ["learner", "module", "completed_on", "source"]
    filterset_class = CompletionFilterSet
    search_fields = ["learner__name", "learner__employee_number", "verification_code"]
    form_fields = ["completed_on"]
    index_view_class = _index("learner", "learner__organisation", "module")
    list_export = [
        "learner.organisation.name",
        "learner.employee_number",
        "learner.name",
        "module.title",
        "completed_on",
        "get_source_display",
        "verification_code",
    ]
    export_headings = {
        "learner.organisation.name": "Organisation",
        "learner.employee_number": "Employee number",
        "learner.name": "Name",
        "module.title": "Module",
        "get_source_display": "Source",
    }
    export_filename = "cpd-completions"


VIEWSETS = [
    ProgrammeViewSet,
    AllocationViewSet,
    LearnerViewSet,
    SessionViewSet,
    EnrolmentViewSet,
    CompletionViewSet,
]
READ_ONLY_MODELS = [v.model for v in VIEWSETS]
