"""The network's header link (leads) and dashboard card (core/navigation.py)."""

from schools_platform.core.navigation import Card, Link, register_card, register_link

from . import selectors


def _card(request):
    user = request.user
    if not selectors.can_enter_network(user):
        return None
    return {"rows": selectors.member_home(user), "is_moderator": selectors.is_moderator(user)}


# The header link costs no query (cached permissions): leads see it; members reach the network
# from this card on their dashboard, so other modules' pages keep their query counts.
register_link(Link("Network", "/training/network/", order=55, shown=selectors.is_lead))
register_card(
    Card(
        "cpd_network",
        "The headteachers' network",
        "cpd_network/cards/network.html",
        module="cpd",
        order=55,
        context=_card,
    )
)
