"""The officers' checklist versions screen in the Wagtail admin: start a draft (a copy of the
latest published version), submit it for approval, and, as a second officer, publish it or
send it back. Each button drives the version's Wagtail workflow
(services.submit_version_to_workflow, decide_version_in_workflow), the same as the version's page
in the Wagtail editor; the two-person rule is in services.py."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from . import services
from .models import Framework, FrameworkVersion


class VersionsView(WagtailAdminTemplateMixin, TemplateView):
    page_title = "Checklist versions"
    header_icon = "list-ul"
    template_name = "policies/admin/versions.html"

    def dispatch(self, request, *args, **kwargs):
        if not (request.user.has_perm(services.EDIT_FRAMEWORK)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        frameworks = Framework.objects.prefetch_related("versions__submitted_by")
        context["frameworks"] = [
            {
                "framework": framework,
                "versions": sorted(framework.versions.all(), key=lambda v: -v.number),
                "has_draft": any(v.is_draft for v in framework.versions.all()),
            }
            for framework in frameworks
        ]
        context["can_approve"] = self.request.user.has_perm(services.APPROVE_FRAMEWORK)
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        try:
            if action == "draft":
                framework = get_object_or_404(Framework, pk=request.POST.get("framework") or 0)
                latest = (
                    framework.versions.filter(status=FrameworkVersion.Status.PUBLISHED)
                    .order_by("-number")
                    .first()
                )
                version = services.start_draft_version(
                    actor=request.user, framework=framework, copy_from=latest
                )
                messages.success(request, f"{version} started as a draft.")
            else:
                version = get_object_or_404(FrameworkVersion, pk=request.POST.get("version") or 0)
                if action == "submit":
                    services.submit_version_to_workflow(actor=request.user, version=version)
                    messages.success(request, f"{version} sent for approval by a second officer.")
                elif action == "approve":
                    services.decide_version_in_workflow(
                        actor=request.user, version=version, approve=True
                    )
                    messages.success(request, f"{version} published.")
                elif action == "reject":
                    services.decide_version_in_workflow(
                        actor=request.user,
                        version=version,
                        approve=False,
                        reason=request.POST.get("reason", ""),
                    )
                    messages.success(request, f"{version} sent back to draft.")
        except (ValidationError, PermissionDenied) as error:
            for message in getattr(error, "messages", [str(error)]):
                messages.error(request, message)
        return redirect("policies_versions")
