"""Writes to the registry: grants of school access, each one transaction and one audit row."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from guardian.shortcuts import assign_perm, remove_perm

from schools_platform.core import audit
from schools_platform.core.roles import SCHOOL_GRANT_PERMISSIONS

from .models import School, SchoolUserObjectPermission

User = get_user_model()


def _require_access_manager(actor) -> None:
    if not actor.has_perm("registry.manage_school_access"):
        raise PermissionDenied("You cannot manage access to schools.")


@transaction.atomic
def grant_school_access(*, actor, user: User, school: School) -> None:
    """Let ``user`` see and manage ``school``'s records."""
    _require_access_manager(actor)
    if not user.is_active:
        raise ValidationError({"user": "This account is deactivated."})
    for codename in SCHOOL_GRANT_PERMISSIONS:
        assign_perm(f"registry.{codename}", user, school)
    audit.record(actor=actor, verb="school_access.granted", target=school, user=user.username)


@transaction.atomic
def revoke_school_access(*, actor, user: User, school: School) -> None:
    _require_access_manager(actor)
    for codename in SCHOOL_GRANT_PERMISSIONS:
        remove_perm(f"registry.{codename}", user, school)
    audit.record(actor=actor, verb="school_access.revoked", target=school, user=user.username)


def school_access_grants(school: School):
    """Who holds a grant on this school (for the officers' access screen)."""
    return (
        SchoolUserObjectPermission.objects.filter(
            content_object=school, permission__codename="view_school"
        )
        .select_related("user")
        .order_by("user__username")
    )
