"""Writes about accounts and roles, and their audit rows.

Roles change through ``assign_role``/``remove_role`` here or on Wagtail's own Users screen;
either way core.signals hands the change to ``audit_role_change``, which writes the row."""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction

from . import audit
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


def audit_role_change(*, actor, users, role_names, added: bool) -> None:
    """One audit row per person whose roles changed (called for every change, by the signal)."""
    verb = "role.assigned" if added else "role.removed"
    for user in users:
        audit.record(actor=actor, verb=verb, target=user, roles=sorted(role_names))
