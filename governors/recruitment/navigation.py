"""Governor recruitment's header link and the officer's Wagtail home panel
(core/navigation.py, docs/architecture.md)."""

from django.urls import reverse

from schools_platform.core.navigation import AdminPanel, Link, register_admin_panel, register_link

from . import services


def _panel(request):
    if not request.user.has_perm(services.REPORT_PERMISSION):
        return None
    return {
        "applications_url": reverse("governor_recruitment:application-list"),
        "report_url": reverse("governor_recruitment:campaign-report"),
    }


register_link(
    Link(
        "Governor applications",
        "/governors/recruitment/applications/",
        order=31,
        shown=lambda user: user.has_perm(services.REPORT_PERMISSION),
    )
)
register_admin_panel(
    AdminPanel(
        "governor-recruitment",
        "Governor recruitment",
        "governor_recruitment/admin/panel.html",
        order=111,
        context=_panel,
    )
)
