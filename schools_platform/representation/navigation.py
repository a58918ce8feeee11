"""Representation's header link and dashboard card (core/navigation.py)."""

from schools_platform.core.navigation import Card, Link, register_card, register_link

REPORT_PERMISSION = "equality.view_reports"


def _can_see_reports(user) -> bool:
    return user.has_perm(REPORT_PERMISSION)


register_link(Link("Representation", "/representation/", order=40, shown=_can_see_reports))
register_card(
    Card(
        "representation",
        "Representation reports",
        "representation/cards/reports.html",
        module="representation",
        order=40,
        context=lambda request: {} if _can_see_reports(request.user) else None,
    )
)
