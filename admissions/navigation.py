"""The appeals module's header links and dashboard cards (core/navigation.py)."""

from schools_platform.core.navigation import Card, Link, register_card, register_link

from .selectors import can_see_pool


def _is_member(user) -> bool:
    # A permission of the panel-member role: already loaded with the user's permissions, so the
    # header costs no query on every page (tests/core/test_audit_log_listing.py).
    return user.is_authenticated and user.has_perm("admissions.sit_on_panels")


register_link(Link("Appeal panels", "/appeals/blocks/", order=45, shown=can_see_pool))
register_link(Link("Your panel record", "/appeals/me/", order=46, shown=_is_member))
register_card(
    Card(
        "appeals-clerk",
        "Appeal panels",
        "admissions/cards/clerk.html",
        module="admissions",
        order=40,
        context=lambda request: {} if can_see_pool(request.user) else None,
    )
)
register_card(
    Card(
        "appeals-member",
        "Your appeal panel record",
        "admissions/cards/member.html",
        module="admissions",
        order=41,
        context=lambda request: {} if _is_member(request.user) else None,
    )
)
