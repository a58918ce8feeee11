from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from .selectors import get_school_for_user, schools_for_user, search_schools


@login_required
def school_list(request):
    query = request.GET.get("q", "").strip()
    schools = search_schools(schools_for_user(request.user), query)
    page = Paginator(schools.order_by("name"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "registry/school_list.html",
        {"page_obj": page, "query": query, "page_title": "Schools"},
    )


@login_required
def school_detail(request, urn: int):
    school = get_school_for_user(request.user, urn=urn)
    return render(
        request, "registry/school_detail.html", {"school": school, "page_title": school.name}
    )
