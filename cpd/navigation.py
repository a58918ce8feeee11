"""The CPD module's header link and member dashboard card (core/navigation.py)."""

from schools_platform.core.navigation import Card, Link, register_card, register_link

from . import selectors


def _takes_part(user) -> bool:
    """A learner with a staff record, a coordinator or the programme lead (remembered on the
    user object, so the header costs one query at most)."""
    if not (user.is_authenticated and user.is_active):
        return False
    cached = getattr(user, "_cpd_takes_part", None)
    if cached is None:
        cached = selectors.coordinates_any(user) or selectors.own_learner_records(user).exists()
        user._cpd_takes_part = cached
    return cached


def _card(request):
    user = request.user
    if not _takes_part(user):
        return None
    return {
        "enrolments": selectors.my_learning(user),
        "coordinates": selectors.coordinates_any(user),
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
