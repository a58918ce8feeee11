"""Writes about accounts and roles. The audit row comes from core.signals, which also catches
role changes made on Wagtail's own Users screen."""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction

from .actor import current_actor
from .roles import Role


@transaction.atomic
def _change_role(*, actor, user, role: Role, add: bool) -> None:
    if actor is not None and not actor.has_perm("auth.change_user"):
        raise PermissionDenied("You cannot change people's roles.")
    group = Group.objects.get(name=role.name)
    token = current_actor.set(actor)
    try:
        (user.groups.add if add else user.groups.remove)(group)
    finally:
        current_actor.reset(token)


def assign_role(*, actor, user, role: Role) -> None:
    _change_role(actor=actor, user=user, role=role, add=True)


def remove_role(*, actor, user, role: Role) -> None:
    _change_role(actor=actor, user=user, role=role, add=False)
