"""The officers' compliance dashboard in the Wagtail admin. Thin: figures from
selectors.compliance,
cached by services.compliance_dashboard; every figure links to the list behind it (on this
page)."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from . import selectors, services

# Who may open the page; the rule itself is selectors.compliance_scope.
DASHBOARD_PERMISSION = selectors.COMPLIANCE_PERMISSION


class ComplianceDashboardView(WagtailAdminTemplateMixin, TemplateView):
    page_title = "Governance compliance"
    header_icon = "tasks"
    template_name = "governors/admin/compliance.html"

    def dispatch(self, request, *args, **kwargs):
        selectors.compliance_scope(request.user)  # refuses anyone but an officer
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Rendered text of a template that depends on nothing but the figures: safe to mark.
        context["figures_html"] = mark_safe(  # noqa: S308
            services.compliance_dashboard(viewer=self.request.user, render=_render_figures)
        )
        return context


def _render_figures(figures: dict) -> str:
    # Each board's link reversed once, not once a row: the lists run to thousands of rows
    # and every row's board is one of these instances.
    for row in figures["rows"]:
        board = row["make_up"].board
        board.detail_url = reverse("governors:board-detail", args=[board.pk])
    figures["checks_lists"] = [
        ("dbs", "Serving governors with no enhanced DBS recorded", figures["no_dbs"]),
        (
            "dbs-renewal",
            f"Serving governors whose DBS certificate is more than "
            f"{figures['dbs_renewal_years']} years old (not on the update service)",
            figures["dbs_overdue"],
        ),
        ("s128", "Serving governors with no section 128 check recorded", figures["no_s128"]),
        (
            "training",
            "Serving governors whose safeguarding training is missing or expired",
            figures["training_due"],
        ),
    ]
    return render_to_string("governors/admin/_compliance_figures.html", figures)
