"""The programme lead's Wagtail screens for the network: cohorts, action learning sets and
each programme's resources, under "Headteachers' network".

Every save goes through services.py (permission, the rules, one audit record), as the
policies module's drafting screens do: the generic views' ``save_instance`` and
``delete_action`` are replaced, and a service's refusal is shown on the field it names
(``core.viewsets.ServiceSaveMixin``).
Cohorts and sets are not deleted here (their members and reflections point at them); a
resource is removed through ``services.remove_resource``. Only programme leads see them
(``LeadPolicy``), whatever the Groups screen says. Reflections have no screen, ever.
"""

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic.models import CreateView, DeleteView, EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from schools_platform.core.viewsets import ServiceSaveMixin

from . import selectors, services
from .models import Cohort, LearningSet, Resource

MENU_HOOK = "register_cpd_network_menu_item"


class LeadPolicy(ModelPermissionPolicy):
    """Programme leads (``cpd.manage_programmes``), and no one else."""

    def user_has_permission(self, user, action):
        return selectors.is_lead(user)

    def user_has_any_permission(self, user, actions):
        return selectors.is_lead(user)


def _service_views(model, save, *related):
    """The create and edit views of a screen, both saving through ``save(actor, data,
    stored)`` (a service; ``stored`` is the row as the database holds it, or None)."""

    class Create(ServiceSaveMixin, CreateView):
        def save_instance(self):
            return save(self.request.user, self.form.cleaned_data, None)

    class Edit(ServiceSaveMixin, EditView):
        def save_instance(self):
            stored = model.objects.select_related(*related).get(pk=self.object.pk)
            return save(self.request.user, self.form.cleaned_data, stored)

    return Create, Edit


def _sessions_field(form):
    field = form.fields["sessions"]
    field.queryset = field.queryset.select_related("module__programme").order_by("starts_at")
    field.label_from_instance = lambda s: f"{s.module.programme.title}: {s}"
    field.required = False


# --- cohorts --------------------------------------------------------------------------------


class CohortForm(WagtailAdminModelForm):
    class Meta:
        model = Cohort
        fields = ["programme", "name", "sessions"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _sessions_field(self)
        if self.instance.pk:
            self.fields["programme"].disabled = True  # its members applied to that programme


class CohortIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("programme")


CohortCreateView, CohortEditView = _service_views(
    Cohort,
    lambda actor, data, stored: services.save_cohort(
        actor=actor,
        programme=stored.programme if stored else data["programme"],
        name=data["name"],
        sessions=data["sessions"],
        cohort=stored,
    ),
    "programme",
)


class _Screen(ModelViewSet):
    menu_hook = MENU_HOOK
    list_per_page = 50
    delete_view_enabled = False  # the policy is registered in wagtail_hooks.py


class CohortViewSet(_Screen):
    model = Cohort
    icon = "group"
    menu_label = "Cohorts"
    menu_order = 10
    url_prefix = "cpd-network/cohorts"
    list_display = ["name", "programme"]
    search_fields = ["name"]
    form_fields = ["programme", "name", "sessions"]
    index_view_class = CohortIndexView
    add_view_class = CohortCreateView
    edit_view_class = CohortEditView

    def get_form_class(self, for_update=False):
        return CohortForm


# --- action learning sets -------------------------------------------------------------------


class LearningSetForm(WagtailAdminModelForm):
    class Meta:
        model = LearningSet
        fields = ["cohort", "name", "facilitator", "sessions"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _sessions_field(self)
        self.fields["cohort"].queryset = Cohort.objects.select_related("programme")
        self.fields["cohort"].label_from_instance = lambda c: f"{c.programme.title}: {c.name}"
        self.fields["facilitator"].queryset = self.fields["facilitator"].queryset.filter(
            is_active=True
        )
        if self.instance.pk:
            self.fields["cohort"].disabled = True  # move its members instead


class LearningSetIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("cohort__programme", "facilitator")


LearningSetCreateView, LearningSetEditView = _service_views(
    LearningSet,
    lambda actor, data, stored: services.save_learning_set(
        actor=actor,
        cohort=stored.cohort if stored else data["cohort"],
        name=data["name"],
        facilitator=data["facilitator"],
        sessions=data["sessions"],
        learning_set=stored,
    ),
    "cohort",
)


class LearningSetViewSet(_Screen):
    model = LearningSet
    icon = "group"
    menu_label = "Action learning sets"
    menu_order = 20
    url_prefix = "cpd-network/learning-sets"
    list_display = ["name", "cohort", "facilitator"]
    search_fields = ["name"]
    form_fields = ["cohort", "name", "facilitator", "sessions"]
    index_view_class = LearningSetIndexView
    add_view_class = LearningSetCreateView
    edit_view_class = LearningSetEditView

    def get_form_class(self, for_update=False):
        return LearningSetForm


# --- resources ------------------------------------------------------------------------------

RESOURCE_FIELDS = ["programme", "document", "title", "summary", "audience", "order"]


class ResourceForm(WagtailAdminModelForm):
    class Meta:
        model = Resource
        fields = RESOURCE_FIELDS


class ResourceIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("programme", "document")


ResourceCreateView, ResourceEditView = _service_views(
    Resource,
    lambda actor, data, stored: services.save_resource(
        actor=actor, resource=stored, **{name: data[name] for name in RESOURCE_FIELDS}
    ),
)


class ResourceDeleteView(DeleteView):
    def delete_action(self):
        services.remove_resource(actor=self.request.user, resource=self.object)


class ResourceViewSet(_Screen):
    model = Resource
    icon = "doc-full"
    menu_label = "Resources"
    menu_order = 30
    url_prefix = "cpd-network/resources"
    list_display = ["title", "programme", "audience", "order"]
    search_fields = ["title"]
    form_fields = RESOURCE_FIELDS
    index_view_class = ResourceIndexView
    add_view_class = ResourceCreateView
    edit_view_class = ResourceEditView
    delete_view_class = ResourceDeleteView
    delete_view_enabled = True

    def get_form_class(self, for_update=False):
        return ResourceForm


VIEWSETS = [CohortViewSet, LearningSetViewSet, ResourceViewSet]
LEAD_MODELS = [Cohort, LearningSet, Resource]
