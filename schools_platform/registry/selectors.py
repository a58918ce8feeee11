"""Reads of the registry, already scoped to what the user may see."""

from django.db.models import QuerySet
from django.http import Http404
from guardian.shortcuts import get_objects_for_user

from schools_platform.core.search import search
from schools_platform.imports.selectors import jobs_for_user

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


SCHOOL_SEARCH_FIELDS = ["search_text", "urn"]


def search_schools(schools: QuerySet[School], query: str) -> QuerySet[School]:
    """The schools whose name, town or postcode has every word of the query, ignoring accents,
    case and the kind of apostrophe, quote or dash; a number also finds URNs starting with it.
    Every school search box uses this (core.search)."""
    return search(schools, query, fields=SCHOOL_SEARCH_FIELDS)


def get_school_for_user(user, *, urn: int) -> School:
    """The school, or 404 alike whether it is missing or forbidden."""
    try:
        return schools_for_user(user).get(urn=urn)
    except School.DoesNotExist:
        raise Http404("No school found") from None


def has_any_school(user) -> bool:
    """Whether the user may see at least one school (the "Schools" link is for them only).

    Remembered on the user object, so a page that asks twice costs one query at most."""
    if not (user.is_authenticated and user.is_active):
        return False
    cached = getattr(user, "_has_any_school", None)
    if cached is None:
        cached = can_see_all_schools(user) or schools_for_user(user).exists()
        user._has_any_school = cached
    return cached


def last_gias_import(user):
    """The latest finished GIAS import, if the user may run GIAS imports; else None."""
    jobs = jobs_for_user(user).filter(importer="gias", finished_at__isnull=False)
    return jobs.select_related("confirmed_by").order_by("-finished_at", "-id").first()
