"""The officers' recruitment screens in the Wagtail admin (under "Governors"): campaigns and
the "where did you hear" list, which officers add and change here; published vacancies,
which officers publish, change and close here; and applications, which officers move one
stage at a time here (appointing with the term of office). Every change goes through
services.py, so each rule and audit record lives once; filters and formula-safe CSV/XLSX
exports on each list. No screen here shows or exports an equality monitoring answer."""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.generic import TemplateView
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permission_policies import ModelPermissionPolicy

from governors import selectors as board_selectors
from schools_platform.core.admin_exports import SafeExportIndexView
from schools_platform.core.viewsets import ReadOnlyViewSet, ServiceSaveMixin

from . import services
from .forms import AdminListingForm, AdminMoveForm, AdminPublishForm
from .models import (
    Application,
    Campaign,
    Channel,
    HeardAboutOption,
    PartnerType,
    Stage,
    StageEmail,
    VacancyListing,
)

# The governors module's admin submenu (governors/viewsets.py MENU_HOOK), by name only.
MENU_HOOK = "register_governors_menu_item"


class NoDeletePolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        if action == "delete":
            return False
        return super().user_has_permission(user, action)


class CampaignFilterSet(WagtailFilterSet):
    partner_type = django_filters.ChoiceFilter(choices=PartnerType.choices, label="Partner")
    channel = django_filters.ChoiceFilter(choices=Channel.choices, label="Channel")
    starts_on = django_filters.DateFromToRangeFilter(label="Starts", widget=DateRangePickerWidget)

    class Meta:
        model = Campaign
        fields = ["partner_type", "channel", "starts_on"]


class ApplicationFilterSet(WagtailFilterSet):
    stage = django_filters.ChoiceFilter(choices=Stage.choices, label="Stage")
    campaign = django_filters.ModelChoiceFilter(
        queryset=Campaign.objects.order_by("name"), label="Campaign"
    )
    applied_on = django_filters.DateFromToRangeFilter(label="Applied", widget=DateRangePickerWidget)

    class Meta:
        model = Application
        fields = ["stage", "campaign", "applied_on"]


class ListingFilterSet(WagtailFilterSet):
    closed_at = django_filters.BooleanFilter(
        field_name="closed_at", lookup_expr="isnull", label="Open"
    )

    class Meta:
        model = VacancyListing
        fields = ["category", "closed_at"]


class CampaignCreateView(generic.CreateView):
    def save_instance(self):
        fields = {name: self.form.cleaned_data[name] for name in services.CAMPAIGN_FIELDS}
        return services.create_campaign(actor=self.request.user, **fields)


class CampaignEditView(generic.EditView):
    def save_instance(self):
        changes = {name: self.form.cleaned_data[name] for name in services.CAMPAIGN_FIELDS}
        return services.update_campaign(actor=self.request.user, campaign=self.object, **changes)


class HeardAboutCreateView(generic.CreateView):
    def save_instance(self):
        return services.save_heard_about_option(
            actor=self.request.user, option=self.form.save(commit=False)
        )


class HeardAboutEditView(generic.EditView):
    def save_instance(self):
        return services.save_heard_about_option(
            actor=self.request.user, option=self.form.save(commit=False)
        )


class OfficerWritesPolicy(ModelPermissionPolicy):
    """Officers publish, change and close listings and move applications here, each through
    its service (which checks again); nothing is added or deleted any other way."""

    def __init__(self, model, *, can_add: bool):
        super().__init__(model)
        self.can_add = can_add

    def user_has_permission(self, user, action):
        if action == "delete" or (action == "add" and not self.can_add):
            return False
        if action in ("add", "change"):
            return services.is_officer(user)
        return super().user_has_permission(user, action)


class ApplicationIndexView(SafeExportIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("listing", "campaign", "heard_about")


class ListingIndexView(SafeExportIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("board")

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if instance.is_open and services.is_officer(self.request.user):
            buttons.append(
                MenuItem(
                    "Close",
                    url=reverse(CLOSE_URL_NAME, args=[instance.pk]),
                    icon_name="cross",
                    priority=30,
                )
            )
        return buttons


CLOSE_URL_NAME = "governor_recruitment_vacancylisting:close"


class ListingPublishView(ServiceSaveMixin, generic.CreateView):
    def get_form_class(self):
        return AdminPublishForm

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["board"].queryset = board_selectors.boards_for_user(self.request.user)
        return form

    def save_instance(self):
        form = self.form
        return services.publish_vacancy(
            actor=self.request.user,
            board=form.cleaned_data["board"],
            category=form.cleaned_data["category"],
            **form.listing_text(),
        )

    def get_success_message(self, instance=None):
        return f"“{self.object.title}” is published: it is on the public vacancy listing now."


class ListingChangeView(ServiceSaveMixin, generic.EditView):
    def get_form_class(self):
        return AdminListingForm

    def save_instance(self):
        return services.update_listing(
            actor=self.request.user, listing=self.object, **self.form.listing_text()
        )


class ListingCloseView(WagtailAdminTemplateMixin, TemplateView):
    """Confirm, then close (services.close_listing): the listing leaves the public pages."""

    template_name = "governor_recruitment/admin/close_listing.html"
    page_title = "Close the vacancy"
    index_url_name = "governor_recruitment_vacancylisting:index"

    def dispatch(self, request, pk):
        if not services.is_officer(request.user):
            raise PermissionDenied
        self.listing = get_object_or_404(VacancyListing.objects.select_related("board"), pk=pk)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return self.listing.title

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "listing": self.listing,
            "index_url": reverse(self.index_url_name),
        }

    def post(self, request, pk):
        if self.listing.is_open:
            services.close_listing(actor=request.user, listing=self.listing)
            messages.success(
                request, f"“{self.listing.title}” is closed and off the public listing."
            )
        else:
            messages.info(request, f"“{self.listing.title}” was already closed.")
        return redirect(self.index_url_name)


class ApplicationMoveView(ServiceSaveMixin, generic.EditView):
    def get_form_class(self):
        return AdminMoveForm

    def save_instance(self):
        form = self.form
        return services.move_stage(
            actor=self.request.user,
            application=self.object,
            to_stage=form.cleaned_data["stage"],
            note=form.cleaned_data["note"],
            appointment=form.appointment(),
        )

    def get_success_message(self, instance=None):
        return (
            f"Application {self.object.reference} moved to "
            f"{Stage(self.object.stage).label.lower()}."
        )


class _Screen(ReadOnlyViewSet):
    menu_hook = MENU_HOOK


class CampaignViewSet(_Screen):
    model = Campaign
    icon = "mail"
    menu_label = "Recruitment campaigns"
    menu_order = 700
    url_prefix = "governors/recruitment/campaigns"
    add_view_class = CampaignCreateView
    edit_view_class = CampaignEditView
    list_display = ["name", "partner_name", "partner_type", "channel", "starts_on", "code"]
    filterset_class = CampaignFilterSet
    search_fields = ["name", "partner_name", "code"]
    form_fields = list(services.CAMPAIGN_FIELDS)
    list_export = [
        "name",
        "partner_name",
        "get_partner_type_display",
        "get_channel_display",
        "starts_on",
        "ends_on",
        "code",
        "link",
    ]
    export_headings = {
        "get_partner_type_display": "Partner type",
        "get_channel_display": "Channel",
    }
    export_filename = "governor-recruitment-campaigns"
    ordering = ["-starts_on", "name"]


class HeardAboutViewSet(_Screen):
    model = HeardAboutOption
    icon = "list-ul"
    menu_label = "Where applicants heard"
    menu_order = 710
    url_prefix = "governors/recruitment/heard-about"
    add_view_class = HeardAboutCreateView
    edit_view_class = HeardAboutEditView
    list_display = ["label", "order", "active"]
    form_fields = ["label", "order", "active"]
    list_export = ["label", "order", "active"]
    export_filename = "governor-recruitment-heard-about"
    ordering = ["order", "label"]


class ListingViewSet(_Screen):
    model = VacancyListing
    icon = "doc-full"
    menu_label = "Published vacancies"
    menu_order = 720
    url_prefix = "governors/recruitment/vacancies"
    index_view_class = ListingIndexView
    add_view_class = ListingPublishView
    edit_view_class = ListingChangeView
    list_display = ["title", "board", "category", "published_at", "closes_on", "closed_at"]
    filterset_class = ListingFilterSet
    search_fields = ["title", "board__name"]
    form_fields = ["title"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("close/<int:pk>/", ListingCloseView.as_view(), name="close"),
        ]

    list_export = ["id", "title", "board.name", "category", "closes_on", "closed_at"]
    export_headings = {"board.name": "Board"}
    export_filename = "governor-vacancies"
    ordering = ["-published_at"]


class ApplicationViewSet(_Screen):
    model = Application
    icon = "form"
    menu_label = "Governor applications"
    menu_order = 730
    url_prefix = "governors/recruitment/applications"
    index_view_class = ApplicationIndexView
    edit_view_class = ApplicationMoveView
    list_display = ["reference", "first_name", "last_name", "listing", "stage", "applied_on"]
    filterset_class = ApplicationFilterSet
    search_fields = ["reference", "first_name", "last_name", "email"]
    form_fields = ["first_name"]
    list_export = [
        "reference",
        "first_name",
        "last_name",
        "email",
        "listing_title",
        "campaign_name",
        "get_stage_display",
        "applied_on",
        "stage_changed_on",
    ]
    export_headings = {
        "listing_title": "Vacancy",
        "campaign_name": "Campaign",
        "get_stage_display": "Stage",
    }
    export_filename = "governor-applications"
    ordering = ["-applied_on"]


class StageEmailCreateView(generic.CreateView):
    def save_instance(self):
        email = self.form.save(commit=False)
        return services.save_stage_email(actor=self.request.user, email=email)


class StageEmailEditView(generic.EditView):
    def save_instance(self):
        email = self.form.save(commit=False)
        return services.save_stage_email(actor=self.request.user, email=email)


class StageEmailViewSet(_Screen):
    """The council's own wording of each stage's e-mail to applicants."""

    model = StageEmail
    icon = "mail"
    menu_label = "Applicant e-mails"
    menu_order = 740
    url_prefix = "governors/recruitment/emails"
    add_view_class = StageEmailCreateView
    edit_view_class = StageEmailEditView
    list_display = ["stage", "subject", "updated_at"]
    form_fields = ["stage", "subject", "body"]
    list_export = ["stage", "subject", "body", "updated_at"]
    export_filename = "governor-recruitment-emails"
    ordering = ["stage"]


VIEWSETS = [
    CampaignViewSet,
    HeardAboutViewSet,
    ListingViewSet,
    ApplicationViewSet,
    StageEmailViewSet,
]
READ_ONLY_MODELS: list = []
# Listings are published here (add) and changed and closed; applications only moved.
OFFICER_WRITE_MODELS = [(VacancyListing, True), (Application, False)]
NO_DELETE_MODELS = [Campaign, HeardAboutOption, StageEmail]
