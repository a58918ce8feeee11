"""The officers' recruitment screens in the Wagtail admin (under "Governors"): campaigns and
the "where did you hear" list, which officers add and change here (through services.py, so
each change is checked and audited once); and published vacancies and applications,
read-only with filters and formula-safe CSV/XLSX exports. Applications are moved on their
own page (``/governors/recruitment/applications/<pk>/``), which every rule goes through.
No screen here shows or exports an equality monitoring answer."""

import django_filters
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.views import generic
from wagtail.permission_policies import ModelPermissionPolicy

from schools_platform.core.admin_exports import SafeExportIndexView
from schools_platform.core.viewsets import ReadOnlyViewSet

from . import services
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


class ApplicationIndexView(SafeExportIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("listing", "campaign", "heard_about")


class ListingIndexView(SafeExportIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("board")


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
    list_display = ["title", "board", "category", "published_at", "closes_on", "closed_at"]
    filterset_class = ListingFilterSet
    search_fields = ["title", "board__name"]
    form_fields = ["title"]
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
READ_ONLY_MODELS = [VacancyListing, Application]
NO_DELETE_MODELS = [Campaign, HeardAboutOption, StageEmail]
