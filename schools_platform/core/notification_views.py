"""The signed-in person's own messages (member pages). Thin: reads come from selectors."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from .selectors import notifications_for

PER_PAGE = 25


@never_cache
@login_required
def notification_list(request):
    page = Paginator(notifications_for(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "core/notifications/list.html", {"page_title": "Your messages", "page_obj": page}
    )


@never_cache
@login_required
def notification_detail(request, pk: int):
    # Another person's message and a missing one look the same.
    message = get_object_or_404(notifications_for(request.user), pk=pk)
    return render(
        request,
        "core/notifications/detail.html",
        {"page_title": message.subject, "message": message},
    )
