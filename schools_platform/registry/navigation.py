"""The registry's header link, dashboard card and Wagtail home panel (core/navigation.py)."""

from schools_platform.core.navigation import (
    AdminPanel,
    Card,
    Link,
    register_admin_panel,
    register_card,
    register_link,
)
from schools_platform.core.roles import user_roles

from .selectors import first_schools_for_user, has_any_school, last_gias_import


def _your_schools(request):
    # For the people whose work is their own schools; council-wide roles reach every school
    # through the "Schools" link and their own module's cards.
    user = request.user
    if not any(role.school_scoped for role in user_roles(user)):
        return None
    schools, count = first_schools_for_user(user, limit=10)
    return {"schools": schools, "school_count": count}


def _last_gias_import(request):
    job = last_gias_import(request.user)
    if job is None and not request.user.has_perm("registry.import_schools"):
        return None
    return {"job": job}


register_link(Link("Schools", "/schools/", order=20, shown=has_any_school))
register_card(
    Card(
        "your-schools",
        "Your schools",
        "registry/cards/your_schools.html",
        module="registry",
        order=20,
        context=_your_schools,
    )
)
register_admin_panel(
    AdminPanel(
        "last-gias-import",
        "The last GIAS import",
        "registry/admin/panels/last_gias_import.html",
        order=120,
        context=_last_gias_import,
    )
)
