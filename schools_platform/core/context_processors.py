from .navigation import links_for


def navigation(request):
    """The header links the user can use, as each app registered them (core/navigation.py)."""
    return {"nav_links": links_for(request.user)}
