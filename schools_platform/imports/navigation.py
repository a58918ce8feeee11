"""The imports panel on the officer's Wagtail home (core/navigation.py)."""

from schools_platform.core.navigation import AdminPanel, register_admin_panel

from .importers import all_importers
from .models import ImportJob
from .selectors import jobs_for_user

WAITING = (ImportJob.Status.DRY_RUN_OK, ImportJob.Status.DRY_RUN_FAILED, ImportJob.Status.FAILED)


def _imports_waiting(request):
    if not any(importer.can_import(request.user) for importer in all_importers()):
        return None
    jobs = jobs_for_user(request.user).filter(status__in=WAITING).select_related("created_by")
    return {"jobs": list(jobs.order_by("-created_at", "-id")[:10])}


register_admin_panel(
    AdminPanel(
        "imports-waiting",
        "Imports waiting for you",
        "imports/admin/panels/imports_waiting.html",
        order=110,
        context=_imports_waiting,
    )
)
