"""Wagtail admin screens for drafting a checklist version: its sections and items, and the
versions list where one officer submits a draft and a second one publishes it.

Every save goes through services.py (permission, draft-only, audit): the generic views'
``save_instance``/``delete_action`` are replaced, and a refusal from a service (the version
was submitted meanwhile) is shown on the form, not raised. Only drafts' sections and items are
listed; a published version cannot be edited here or anywhere (models.py freezes it).
"""

from django import forms
from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic.models import CreateView, DeleteView, EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet

from schools_platform.core.viewsets import ServiceSaveMixin

from . import services
from .models import FrameworkVersion, Item, ItemResource, Section

MENU_HOOK = "register_policies_menu_item"
ITEM_FIELDS = ["code", "statement", "guidance", "evidence_sought", "basis", "source", "order"]


class DraftingPolicy(ModelPermissionPolicy):
    """Officers who draft checklist versions (``policies.edit_framework``), and no one else."""

    def user_has_permission(self, user, action):
        return bool(user.is_active and user.has_perm(services.EDIT_FRAMEWORK))


def _drafts():
    return Section.objects.filter(version__status=FrameworkVersion.Status.DRAFT).select_related(
        "version__framework"
    )


class DraftItemForm(WagtailAdminModelForm):
    class Meta:
        model = Item
        fields = ["section", *ITEM_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = _drafts()
        if self.instance.pk:
            self.fields["section"].disabled = True  # moving an item is a delete and an add


class ItemIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .filter(section__version__status=FrameworkVersion.Status.DRAFT)
            .select_related("section__version__framework")
        )


class ItemCreateView(ServiceSaveMixin, CreateView):
    def save_instance(self):
        data = {name: self.form.cleaned_data[name] for name in ITEM_FIELDS}
        section = self.form.cleaned_data["section"]
        return services.save_item(actor=self.request.user, section=section, **data)


class ItemEditView(ServiceSaveMixin, EditView):
    def save_instance(self):
        data = {name: self.form.cleaned_data[name] for name in ITEM_FIELDS}
        stored = Item.objects.select_related("section__version").get(pk=self.object.pk)
        return services.save_item(
            actor=self.request.user, section=stored.section, item=stored, **data
        )


class ItemDeleteView(DeleteView):
    def delete_action(self):
        services.delete_item(actor=self.request.user, item=self.object)


class DraftItemViewSet(ModelViewSet):
    model = Item
    icon = "list-ul"
    menu_label = "Draft checklist items"
    menu_hook = MENU_HOOK
    menu_order = 20
    url_prefix = "policies/draft-items"
    list_display = ["code", "statement", "section", "basis"]
    search_fields = ["code", "statement"]
    list_per_page = 100
    form_fields = ["section", *ITEM_FIELDS]
    index_view_class = ItemIndexView
    add_view_class = ItemCreateView
    edit_view_class = ItemEditView
    delete_view_class = ItemDeleteView

    def get_form_class(self, for_update=False):
        return DraftItemForm


class DraftSectionForm(WagtailAdminModelForm):
    class Meta:
        model = Section
        fields = ["version", "code", "title", "description", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = FrameworkVersion.objects.filter(
            status=FrameworkVersion.Status.DRAFT
        ).select_related("framework")
        if self.instance.pk:
            self.fields["version"].disabled = True


class SectionIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .filter(version__status=FrameworkVersion.Status.DRAFT)
            .select_related("version__framework")
        )


class SectionCreateView(ServiceSaveMixin, CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return services.add_section(
            actor=self.request.user,
            version=data["version"],
            code=data["code"],
            title=data["title"],
            description=data["description"],
            order=data["order"],
        )


class SectionEditView(ServiceSaveMixin, EditView):
    def save_instance(self):
        data = self.form.cleaned_data
        return services.change_section(
            actor=self.request.user,
            section=Section.objects.select_related("version").get(pk=self.object.pk),
            **{name: data[name] for name in ("code", "title", "description", "order")},
        )


class DraftSectionViewSet(ModelViewSet):
    model = Section
    icon = "folder-open-inverse"
    menu_label = "Draft checklist sections"
    menu_hook = MENU_HOOK
    menu_order = 10
    url_prefix = "policies/draft-sections"
    list_display = ["code", "title", "version"]
    form_fields = ["version", "code", "title", "description", "order"]
    index_view_class = SectionIndexView
    add_view_class = SectionCreateView
    edit_view_class = SectionEditView
    delete_view_enabled = False

    def get_form_class(self, for_update=False):
        return DraftSectionForm


VIEWSETS = [DraftSectionViewSet, DraftItemViewSet]
DRAFTING_MODELS = [Section, Item]


# --- the checklist version as a Wagtail snippet: revisions, locking and the workflow ---------


class VersionPolicy(ModelPermissionPolicy):
    """Who may do what to a checklist version in the Wagtail admin. Officers who draft edit a
    draft's notes, lock it and submit it to the workflow; nobody adds, deletes, publishes or
    unpublishes one here: publishing is the workflow's approval by a second officer
    (``SecondOfficerApprovalTask``), and a published version is frozen."""

    def user_has_permission(self, user, action):
        if not (user.is_active and user.is_authenticated):
            return False
        if action in ("change", "lock", "unlock"):
            return user.has_perm(services.EDIT_FRAMEWORK)
        if action == "view":
            return user.has_perm(services.EDIT_FRAMEWORK) or user.has_perm(
                services.APPROVE_FRAMEWORK
            )
        return False

    def user_has_permission_for_instance(self, user, action, instance):
        if action in ("change", "lock", "unlock") and instance.is_published:
            return False
        return self.user_has_permission(user, action)


class VersionForm(WagtailAdminModelForm):
    """A draft version's own field (what changed); its sections and items are edited in the
    draft screens. Submitting an empty or published version is refused on the form."""

    class Meta:
        model = FrameworkVersion
        fields = ["notes"]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.instance.is_published:
            raise ValidationError(f"{self.instance} is published and cannot be changed.")
        submitting = "action-submit" in self.data or "action-restart-workflow" in self.data
        if (
            submitting
            and self.instance.pk
            and not Item.objects.filter(section__version=self.instance).exists()
        ):
            raise ValidationError("A version needs at least one item before approval.")
        return cleaned


class VersionSnippetViewSet(SnippetViewSet):
    model = FrameworkVersion
    icon = "list-ul"
    menu_label = "Checklist versions (editor)"
    menu_hook = MENU_HOOK
    menu_order = 6
    list_display = ["__str__", "status", "submitted_by", "approved_by"]
    list_filter = ["status"]
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_queryset(self, request):
        return FrameworkVersion.objects.select_related("framework", "submitted_by", "approved_by")

    def get_form_class(self, for_update=False):
        return VersionForm


# --- resources linked to checklist items ----------------------------------------------------

RESOURCE_FIELDS = ["kind", "title", "url", "document", "description", "order"]


class _ItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.section.version}: {obj.code} {obj.statement[:70]}"


class ItemResourceForm(WagtailAdminModelForm):
    item = _ItemChoiceField(
        queryset=Item.objects.select_related("section__version__framework").order_by(
            "section__version__framework__name", "-section__version__number", "section__order"
        )
    )

    class Meta:
        model = ItemResource
        fields = ["item", *RESOURCE_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["item"].disabled = True


class ResourceIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("item__section__version__framework")


class ResourceCreateView(ServiceSaveMixin, CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return services.link_item_resource(
            actor=self.request.user,
            item=data["item"],
            **{name: data[name] for name in RESOURCE_FIELDS},
        )


class ResourceEditView(ServiceSaveMixin, EditView):
    def save_instance(self):
        data = self.form.cleaned_data
        stored = ItemResource.objects.select_related("item").get(pk=self.object.pk)
        return services.link_item_resource(
            actor=self.request.user,
            item=stored.item,
            resource=stored,
            **{name: data[name] for name in RESOURCE_FIELDS},
        )


class ResourceDeleteView(DeleteView):
    def delete_action(self):
        services.unlink_item_resource(actor=self.request.user, resource=self.object)


class ItemResourceViewSet(ModelViewSet):
    model = ItemResource
    icon = "doc-full"
    menu_label = "Resources for checklist items"
    menu_hook = MENU_HOOK
    menu_order = 30
    url_prefix = "policies/item-resources"
    list_display = ["title", "kind", "item"]
    search_fields = ["title"]
    form_fields = ["item", *RESOURCE_FIELDS]
    index_view_class = ResourceIndexView
    add_view_class = ResourceCreateView
    edit_view_class = ResourceEditView
    delete_view_class = ResourceDeleteView

    def get_form_class(self, for_update=False):
        return ItemResourceForm


VIEWSETS.append(ItemResourceViewSet)
DRAFTING_MODELS.append(ItemResource)
