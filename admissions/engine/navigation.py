"""The engine's dashboard card (core/navigation.py): for clerks who may compose rosters."""

from schools_platform.core.navigation import Card, register_card

from .selectors import can_run

register_card(
    Card(
        "appeals-engine",
        "Compose a season's panels",
        "admissions_engine/cards/engine.html",
        module="admissions",
        order=42,
        context=lambda request: {} if can_run(request.user) else None,
    )
)


def _is_member(user) -> bool:
    # The panel-member role's permission (already loaded with the user: no query).
    return user.is_authenticated and user.has_perm("admissions.sit_on_panels")


register_card(
    Card(
        "appeals-preferences",
        "Your sitting preferences",
        "admissions_engine/cards/preferences.html",
        module="admissions",
        order=43,
        context=lambda request: {} if _is_member(request.user) else None,
    )
)
