from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.template.loader import render_to_string

from schools_platform.core.navigation import cards_for, coming_modules
from schools_platform.core.roles import user_roles


@login_required
def dashboard(request):
    """The member's dashboard: the cards each app registered (core/navigation.py) for them."""
    roles = user_roles(request.user)
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "page_title": "Your dashboard",
            "roles": roles,
            "cards": [
                (card, render_to_string(card.template, context, request=request))
                for card, context in cards_for(request)
            ],
            "coming": coming_modules(roles),
        },
    )


def accessibility_statement(request):
    return render(request, "accessibility.html", {"page_title": "Accessibility statement"})
