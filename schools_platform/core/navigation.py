"""Header links, member dashboard cards and the officer's Wagtail home panels, by registration.

Each app contributes its own in a ``navigation.py`` module (discovered at start-up, as the
import pipeline discovers ``resources.py``), so a new module adds its links and cards without
editing the base template, the dashboard or core:

    from schools_platform.core.navigation import Card, Link, register_card, register_link

    register_link(Link("Appeals", "/appeals/", order=45, shown=lambda user: ...))
    register_card(Card("appeals", "Your appeals", "admissions/card.html", module="admissions",
                       context=lambda request: {...} or None))

A link is shown only when ``shown(user)`` says the user can use it. A card or panel is shown
only when its ``context(request)`` returns a dict (``None`` hides it); it must cost a fixed
number of queries whatever the data size. A role naming a ``module`` that has registered no
card sees an honest "coming" card instead (see ``coming_modules``).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.module_loading import autodiscover_modules


def _always(user) -> bool:
    return True


@dataclass(frozen=True)
class Link:
    label: str
    href: str
    order: int = 100
    shown: Callable = _always  # shown(user) -> bool; only called for signed-in users


@dataclass(frozen=True)
class Card:
    """A card on the member dashboard (``/dashboard/``)."""

    name: str
    title: str
    template: str
    module: str = ""  # the app label of the module the card belongs to
    order: int = 100
    context: Callable = field(default=lambda request: {})  # -> dict, or None to hide


@dataclass(frozen=True)
class AdminPanel:
    """A panel on the officer's Wagtail home (``/admin/``)."""

    name: str
    title: str
    template: str
    order: int = 100
    context: Callable = field(default=lambda request: {})  # -> dict, or None to hide


_links: dict[str, Link] = {}
_cards: dict[str, Card] = {}
_panels: dict[str, AdminPanel] = {}


def register_link(link: Link) -> Link:
    _links[link.label] = link
    return link


def register_card(card: Card) -> Card:
    _cards[card.name] = card
    return card


def register_admin_panel(panel: AdminPanel) -> AdminPanel:
    _panels[panel.name] = panel
    return panel


def discover() -> None:
    autodiscover_modules("navigation")


def links_for(user) -> list[tuple[str, str]]:
    """(label, href) of every link the user can use, in order; none for anonymous visitors."""
    if not user.is_authenticated:
        return []
    links = sorted(_links.values(), key=lambda link: (link.order, link.label))
    return [(link.label, link.href) for link in links if link.shown(user)]


def _shown(entries, request) -> list[tuple]:
    shown = []
    for entry in sorted(entries, key=lambda e: (e.order, e.name)):
        context = entry.context(request)
        if context is not None:
            shown.append((entry, context))
    return shown


def cards_for(request) -> list[tuple[Card, dict]]:
    return _shown(_cards.values(), request)


def admin_panels_for(request) -> list[tuple[AdminPanel, dict]]:
    return _shown(_panels.values(), request)


def coming_modules(roles) -> list:
    """The user's roles whose module has not registered any card yet: they get an honest
    "coming" notice, not someone else's page."""
    landed = {card.module for card in _cards.values() if card.module}
    seen, coming = set(), []
    for role in roles:
        if role.module and role.module not in landed and role.module not in seen:
            seen.add(role.module)
            coming.append(role)
    return coming


# --- core's own entries ---------------------------------------------------------------------


def _uses_wagtail_admin(user) -> bool:
    from .roles import user_roles

    return user.is_staff or any(role.wagtail_admin for role in user_roles(user))


def _recent_audit_events(request):
    if not request.user.has_perm("core.view_audit_log"):
        return None
    from .models import AuditEvent

    return {"events": list(AuditEvent.objects.all()[:10])}


def _your_account(request):
    # Every signed-in person has messages and a subject access download (docs/modules/kit.md).
    return {"can_erase": request.user.has_perm("core.erase_personal_data")}


register_link(Link("Council admin", "/admin/", order=30, shown=_uses_wagtail_admin))
register_card(
    Card(
        "your-account",
        "Your messages and your data",
        "core/cards/your_account.html",
        order=95,
        context=_your_account,
    )
)
register_admin_panel(
    AdminPanel(
        "recent-audit-events",
        "Recent audit events",
        "core/admin/panels/recent_audit_events.html",
        order=300,
        context=_recent_audit_events,
    )
)
