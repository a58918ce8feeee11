from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from . import audit
from .actor import current_actor
from .models import User


@receiver(m2m_changed, sender=User.groups.through)
def audit_role_changes(sender, instance, action, reverse, pk_set, **kwargs):
    """Every change to someone's roles is audited, whichever screen or command made it."""
    if action not in ("post_add", "post_remove") or not pk_set:
        return
    verb = "role.assigned" if action == "post_add" else "role.removed"
    if reverse:  # group.user_set.add(...): instance is the group
        users = User.objects.filter(pk__in=pk_set)
        names = [instance.name]
    else:
        users = [instance]
        names = list(Group.objects.filter(pk__in=pk_set).values_list("name", flat=True))
    for user in users:
        audit.record(actor=current_actor.get(), verb=verb, target=user, roles=sorted(names))
