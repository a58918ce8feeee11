from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from .actor import current_actor
from .models import User
from .services import audit_role_change


@receiver(m2m_changed, sender=User.groups.through)
def audit_role_changes(sender, instance, action, reverse, pk_set, **kwargs):
    """Every change to someone's roles is audited, whichever screen or command made it."""
    if not reverse and action in ("post_add", "post_remove", "post_clear"):
        instance.__dict__.pop("_roles_cache", None)  # core.roles.user_roles reads them again
    if action not in ("post_add", "post_remove") or not pk_set:
        return
    if reverse:  # group.user_set.add(...): instance is the group
        users = User.objects.filter(pk__in=pk_set)
        names = [instance.name]
    else:
        users = [instance]
        names = list(Group.objects.filter(pk__in=pk_set).values_list("name", flat=True))
    audit_role_change(
        actor=current_actor.get(), users=users, role_names=names, added=action == "post_add"
    )
