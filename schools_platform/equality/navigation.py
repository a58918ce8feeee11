"""Equality monitoring's header links and dashboard cards (core/navigation.py)."""

from schools_platform.core.navigation import Card, Link, register_card, register_link

from .access import STEWARD_PERMISSION


def _is_steward(user) -> bool:
    return user.has_perm(STEWARD_PERMISSION)


def _steward_card(request):
    return {} if _is_steward(request.user) else None


register_link(Link("Equality answers", "/equality/steward/", order=50, shown=_is_steward))
register_link(Link("Your equality answers", "/equality/", order=60))
register_card(
    Card(
        "equality-steward",
        "Equality answers about named people",
        "equality/cards/steward.html",
        module="equality",
        order=50,
        context=_steward_card,
    )
)
register_card(
    Card(
        "your-equality-answers",
        "Your equality monitoring answers",
        "equality/cards/your_answers.html",
        module="equality",
        order=90,
    )
)
