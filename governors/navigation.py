"""The governors module's header link, dashboard card and Wagtail home panel
(core/navigation.py, docs/architecture.md)."""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from schools_platform.core.navigation import (
    AdminPanel,
    Card,
    Link,
    register_admin_panel,
    register_card,
    register_link,
)
from schools_platform.core.roles import user_roles
from schools_platform.registry.selectors import can_see_all_schools, has_any_school

from . import selectors
from .admin_views import DASHBOARD_PERMISSION


@dataclass(frozen=True)
class BoardAction:
    """A link on a board's page for whoever may manage the board, added by another module
    (governor recruitment adds its vacancies and applications) without this module naming
    it. ``url_name`` is reversed with the board's id. The board page is cached and must
    hold nothing of the request, so an action depends only on being able to manage."""

    label: str
    url_name: str
    order: int = 100


_board_actions: dict[str, BoardAction] = {}


def register_board_action(action: BoardAction) -> None:
    _board_actions[action.url_name] = action


def board_actions(board_pk: int) -> list[tuple[str, str]]:
    """(label, url) of every registered action for the board, in order."""
    actions = sorted(_board_actions.values(), key=lambda a: (a.order, a.label))
    return [(a.label, reverse(a.url_name, args=[board_pk])) for a in actions]


def _your_boards(request):
    """For the people whose work is their own schools' boards (clerk, chair, school leaders)."""
    user = request.user
    if not any(role.school_scoped for role in user_roles(user)):
        return None
    boards = list(selectors.boards_for_user(user)[:10])
    if not boards:
        return None
    return {"summaries": selectors.vacancies_by_board(boards, people=False)}


def _compliance_panel(request):
    if not request.user.has_perm(DASHBOARD_PERMISSION):
        return None
    today = timezone.localdate()
    ending = selectors.terms_ending_between(today, today + datetime.timedelta(days=90))
    return {"ending": ending, "url": reverse("governors_compliance")}


def _for_school_people(user) -> bool:
    """The clerk, chair and school leaders: whoever sees a school sees its board. Council-wide
    roles reach the boards from the admin's Governors menu and compliance dashboard. Both
    checks are remembered on the user (the "Schools" link asked them), so no extra query."""
    return has_any_school(user) and not can_see_all_schools(user)


register_link(Link("Governors", "/governors/", order=30, shown=_for_school_people))
register_card(
    Card(
        "your-boards",
        "Your governing boards",
        "governors/cards/your_boards.html",
        module="governors",
        order=30,
        context=_your_boards,
    )
)
register_admin_panel(
    AdminPanel(
        "governance-compliance",
        "Governance",
        "governors/admin/panels/compliance.html",
        order=110,
        context=_compliance_panel,
    )
)
