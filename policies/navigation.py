"""The policies module's header link and dashboard card (core/navigation.py)."""

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

from . import selectors, services


def _shown(user) -> bool:
    """Reviewers, and the people of a school (its leaders and chair). Both checks are
    remembered on the user (permissions cache; the "Schools" link asked has_any_school)."""
    return services.can_review(user) or (has_any_school(user) and not can_see_all_schools(user))


def _card(request):
    user = request.user
    if services.can_review(user):
        return {"reviewer": True, "waiting": selectors.review_queue(user).count()}
    if not any(role.school_scoped for role in user_roles(user)):
        return None
    reviews = selectors.reviews_for_user(user)
    return {"reviewer": False, "open": reviews.exclude(status="approved").count()}


register_link(Link("Policy reviews", "/policies/", order=50, shown=_shown))
register_card(
    Card(
        "policy-reviews",
        "Policy reviews",
        "policies/cards/reviews.html",
        module="policies",
        order=50,
        context=_card,
    )
)


def _queue_panel(request):
    if not services.can_review(request.user):
        return None
    return {"waiting": selectors.review_queue(request.user).count()}


register_admin_panel(
    AdminPanel(
        "policy-reviews-waiting",
        "Policy reviews",
        "policies/admin/queue_panel.html",
        order=60,
        context=_queue_panel,
    )
)
