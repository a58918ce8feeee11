"""The officers' compliance dashboard in the Wagtail admin. Thin: figures from
selectors.compliance; every figure links to the list behind it (on this page)."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from . import selectors

DASHBOARD_PERMISSION = "governors.view_board"


class ComplianceDashboardView(WagtailAdminTemplateMixin, TemplateView):
    page_title = "Governance compliance"
    header_icon = "tasks"
    template_name = "governors/admin/compliance.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(DASHBOARD_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figures = selectors.compliance()
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
        context.update(figures)
        return context
