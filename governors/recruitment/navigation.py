"""Governor recruitment's panel on the officer's Wagtail home (officers reach it there, as
the boards module's council-wide users do; no header link)
(core/navigation.py, docs/architecture.md)."""

from django.urls import reverse

from schools_platform.core.navigation import AdminPanel, register_admin_panel

from . import services


def _panel(request):
    if not request.user.has_perm(services.REPORT_PERMISSION):
        return None
    return {
        "applications_url": reverse("governor_recruitment:application-list"),
        "report_url": reverse("governor_recruitment:campaign-report"),
    }


register_admin_panel(
    AdminPanel(
        "governor-recruitment",
        "Governor recruitment",
        "governor_recruitment/admin/panel.html",
        order=111,
        context=_panel,
    )
)
