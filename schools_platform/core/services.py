"""Writes about accounts and roles. The audit row comes from core.signals, which also catches
role changes made on Wagtail's own Users screen."""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction

from .roles import Role


def _require_user_manager(actor) -> None:
    if actor is not None and not actor.has_perm("auth.change_user"):
        raise PermissionDenied("You cannot change people's roles.")


@transaction.atomic
def assign_role(*, actor, user, role: Role) -> None:
    _require_user_manager(actor)
    from .actor import current_actor

    token = current_actor.set(actor)
    try:
        user.groups.add(Group.objects.get(name=role.name))
    finally:
        current_actor.reset(token)


@transaction.atomic
def remove_role(*, actor, user, role: Role) -> None:
    _require_user_manager(actor)
    from .actor import current_actor

    token = current_actor.set(actor)
    try:
        user.groups.remove(Group.objects.get(name=role.name))
    finally:
        current_actor.reset(token)
