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
