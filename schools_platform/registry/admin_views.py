"""Officers' screen for granting and revoking people's access to a school."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from schools_platform.core.models import User

from .models import School
from .selectors import search_schools
from .services import grant_school_access, revoke_school_access, school_access_grants


class GrantForm(forms.Form):
    username = forms.CharField(label="Username of the person to grant access to", max_length=150)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        try:
            return User.objects.get(username=username, is_active=True)
        except User.DoesNotExist:
            raise ValidationError(f"No active account has the username “{username}”.") from None


class AccessManagerMixin:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("registry.manage_school_access"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class SchoolAccessIndexView(AccessManagerMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = "School access"
    header_icon = "lock"
    template_name = "registry/admin/school_access_index.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()
        schools = search_schools(School.objects.select_related("authority"), query)
        schools = schools.order_by("name")
        context["page_obj"] = Paginator(schools, 50).get_page(self.request.GET.get("p"))
        context["query"] = query
        return context


class SchoolAccessDetailView(AccessManagerMixin, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "lock"
    template_name = "registry/admin/school_access_detail.html"

    def get_school(self):
        return get_object_or_404(School, urn=self.kwargs["urn"])

    def get_page_title(self):
        return f"Access to {self.get_school().name}"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("school_access_index"), "label": "School access"},
            {"url": "", "label": self.get_school().name},
        ]

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        school = self.get_school()
        context.update(school=school, grants=school_access_grants(school), form=form or GrantForm())
        return context

    def post(self, request, *args, **kwargs):
        school = self.get_school()
        if "revoke" in request.POST:
            user = get_object_or_404(User, pk=request.POST["revoke"])
            revoke_school_access(actor=request.user, user=user, school=school)
            messages.success(request, f"{user.username} can no longer see {school.name}.")
            return redirect("school_access_detail", urn=school.urn)
        form = GrantForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            grant_school_access(
                actor=request.user, user=form.cleaned_data["username"], school=school
            )
        except ValidationError as error:
            form.add_error("username", error.messages[0])
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(
            request, f"{form.cleaned_data['username'].username} can now see {school.name}."
        )
        return redirect("school_access_detail", urn=school.urn)
