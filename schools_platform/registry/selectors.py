"""Reads of the registry, already scoped to what the user may see."""

from django.db.models import QuerySet
from django.http import Http404
from guardian.shortcuts import get_objects_for_user

from .models import School

ALL_SCHOOLS_PERMISSION = "registry.view_school"


def can_see_all_schools(user) -> bool:
    # Model-level view_school is held only by council-wide roles (core/roles.py).
    return user.is_authenticated and user.is_active and user.has_perm(ALL_SCHOOLS_PERMISSION)


def schools_for_user(user, *, include_closed: bool = True) -> QuerySet[School]:
    """Every school the user may see: all for council-wide roles, granted ones otherwise."""
    base = School.objects.select_related("authority")
    if not include_closed:
        base = base.filter(closed_on__isnull=True)
    if not (user.is_authenticated and user.is_active):
        return base.none()
    if can_see_all_schools(user):
        return base
    return get_objects_for_user(
        user,
        "registry.view_school",
        klass=base,
        accept_global_perms=False,
        with_superuser=True,
    )


def get_school_for_user(user, *, urn: int) -> School:
    """The school, or 404 alike whether it is missing or forbidden."""
    try:
        return schools_for_user(user).get(urn=urn)
    except School.DoesNotExist:
        raise Http404("No school found") from None
