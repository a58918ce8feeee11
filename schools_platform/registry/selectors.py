"""Reads of the registry, already scoped to what the user may see."""

from django.db.models import Count, QuerySet, Window
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
    # Building guardian's query was the dearest part of a school-scoped page's scoping (the
    # head's dashboard built it four times a request; issue 7). It is built once per user
    # object (as Django keeps its permission cache there) and each caller gets a clone, still
    # lazy, so a grant or a revocation is seen by the next query. Built on the model, not on
    # ``base``: given a queryset, guardian nests "the permission's object is in that queryset"
    # inside the subquery, which every page then compiles and plans for nothing.
    granted = getattr(user, "_granted_schools", None)
    if granted is None:
        granted = user._granted_schools = get_objects_for_user(
            user,
            "registry.view_school",
            klass=School,
            accept_global_perms=False,
            with_superuser=True,
        )
    return base & granted


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


def first_schools_for_user(user, *, limit: int = 10) -> tuple[list[School], int]:
    """The user's first ``limit`` schools by name and how many they may see, in one query
    (the count rides on each row as a window), whatever the number of schools. Remembers
    has_any_school's answer on the user, so the page's "Schools" link asks nothing more."""
    rows = list(
        schools_for_user(user).annotate(school_total=Window(Count("pk"))).order_by("name")[:limit]
    )
    total = rows[0].school_total if rows else 0
    if user.is_authenticated and user.is_active:
        user._has_any_school = bool(total) or can_see_all_schools(user)
    return rows, total


def last_gias_import(user):
    """The latest finished GIAS import, if the user may run GIAS imports; else None."""
    jobs = jobs_for_user(user).filter(importer="gias", finished_at__isnull=False)
    return jobs.select_related("confirmed_by").order_by("-finished_at", "-id").first()
