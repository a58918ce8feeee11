from .navigation import links_for


def navigation(request):
    """The header links the user can use, as each app registered them (core/navigation.py).

    Worked out once a request: every template rendered with the request runs the context
    processors again, and the dashboard renders one per card (issue 7: the head's dashboard
    worked out the same links six times). Kept against the user it was made for, so a request
    that signs someone in or out still shows their own links.
    """
    user = request.user
    memo = getattr(request, "_navigation_links", None)
    if memo is None or memo[0] != (user.pk, user.is_authenticated):
        memo = ((user.pk, user.is_authenticated), links_for(user))
        request._navigation_links = memo
    return {"nav_links": memo[1]}
