"""Creates the role groups with exactly their permissions. Safe to run again."""

from django.contrib.auth.models import Group, Permission

from .roles import ALL_ROLES


def sync_role_groups() -> dict[str, Group]:
    groups = {}
    for role in ALL_ROLES:
        group, _ = Group.objects.get_or_create(name=role.name)
        perms = []
        wanted = list(role.permissions)
        if role.wagtail_admin:
            wanted.append("wagtailadmin.access_admin")
        for dotted in wanted:
            app_label, codename = dotted.split(".")
            perms.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(perms)
        groups[role.slug] = group
    return groups
