from .roles import user_roles


def navigation(request):
    """The header links each role needs."""
    user = request.user
    links = []
    if user.is_authenticated:
        links.append(("Your dashboard", "/dashboard/"))
        links.append(("Schools", "/schools/"))
        roles = user_roles(user)
        if user.is_staff or any(r.wagtail_admin for r in roles):
            links.append(("Council admin", "/admin/"))
        if user.has_perm("equality.view_reports"):
            links.append(("Representation", "/representation/"))
        if user.has_perm("equality.view_person_profiles"):
            links.append(("Equality answers", "/equality/steward/"))
        links.append(("Your equality answers", "/equality/"))
    return {"nav_links": links}
