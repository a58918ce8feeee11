from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from schools_platform.core.roles import user_roles
from schools_platform.registry.selectors import schools_for_user


@login_required
def dashboard(request):
    roles = user_roles(request.user)
    schools = schools_for_user(request.user)
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "page_title": "Your dashboard",
            "roles": roles,
            "school_count": schools.count(),
            "schools": schools.order_by("name")[:10],
        },
    )


def accessibility_statement(request):
    return render(request, "accessibility.html", {"page_title": "Accessibility statement"})
