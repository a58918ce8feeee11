"""The CPD module's header link and member dashboard card (core/navigation.py)."""

from schools_platform.core.navigation import Card, Link, register_card, register_link

from . import selectors


def _takes_part(user) -> bool:
    """Learners (role permission) and the programme lead: cached permissions, so the header
    costs no query. Coordinators reach their pages from the dashboard card."""
    return user.is_authenticated and user.is_active and user.has_perm("cpd.take_part")


def _card_shown(user) -> bool:
    return _takes_part(user) or selectors.coordinates_any(user)


def _card(request):
    user = request.user
    if not _card_shown(user):
        return None
    return {
        "enrolments": selectors.my_learning(user),
        "coordinates": selectors.coordinates_any(user),
        "manages_team": selectors.managed_departments(user).exists(),
    }


register_link(Link("Training", "/training/", order=50, shown=_takes_part))
register_card(
    Card(
        "cpd",
        "Your learning",
        "cpd/cards/your_learning.html",
        module="cpd",
        order=50,
        context=_card,
    )
)
