"""Writes about accounts and roles."""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction

from . import audit
from .roles import Role


@transaction.atomic
def assign_role(*, actor, user, role: Role) -> None:
    if actor is not None and not actor.has_perm("auth.change_user"):
        raise PermissionDenied("You cannot change people's roles.")
    user.groups.add(Group.objects.get(name=role.name))
    audit.record(actor=actor, verb="role.assigned", target=user, role=role.slug)


@transaction.atomic
def remove_role(*, actor, user, role: Role) -> None:
    if actor is not None and not actor.has_perm("auth.change_user"):
        raise PermissionDenied("You cannot change people's roles.")
    user.groups.remove(Group.objects.get(name=role.name))
    audit.record(actor=actor, verb="role.removed", target=user, role=role.slug)
