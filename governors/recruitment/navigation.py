"""Governor recruitment's panel on the officer's Wagtail home (officers reach it there, as
the boards module's council-wide users do; no header link), and a member dashboard card: a
serving governor's link to give their monitoring answers, and a board's clerk, chair and
school leaders' links to its applications and to inviting its governors
(core/navigation.py, docs/architecture.md)."""

from django.urls import reverse

from governors.navigation import BoardAction, register_board_action
from schools_platform.core.navigation import (
    AdminPanel,
    Card,
    register_admin_panel,
    register_card,
)
from schools_platform.core.roles import user_roles

from . import selectors, services


def _panel(request):
    if not request.user.has_perm(services.REPORT_PERMISSION):
        return None
    return {
        "applications_url": reverse("governor_recruitment:application-list"),
        "report_url": reverse("governor_recruitment:campaign-report"),
    }


def _card(request):
    """A fixed number of queries: the person's serving places (two), and for school-scoped
    roles the boards they manage (one)."""
    user = request.user
    places = selectors.serving_terms_of(user)
    boards = []
    if any(role.school_scoped for role in user_roles(user)):
        boards = list(services.board_selectors.boards_user_manages(user)[:10])
    if not (places or boards):
        return None
    return {
        "places": places,
        "boards": boards,
        "monitoring_url": reverse("governor_recruitment:serving-monitoring"),
        "applications_url": reverse("governor_recruitment:application-list"),
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
register_card(
    Card(
        "governor-recruitment",
        "Governor recruitment and monitoring",
        "governor_recruitment/cards/recruitment.html",
        module="governor_recruitment",
        order=31,
        context=_card,
    )
)
register_board_action(
    BoardAction("Vacancies: publish, change or close", "governor_recruitment:board-vacancies", 10)
)
register_board_action(
    BoardAction(
        "Applications for this board's vacancies", "governor_recruitment:board-applications", 20
    )
)
