"""Small builders for tests: real rows, real permissions, no mocks."""

import itertools

from django.contrib.auth.models import Group

from schools_platform.core.models import User
from schools_platform.core.roles import Role
from schools_platform.core.setup import sync_role_groups
from schools_platform.registry.models import Authority, School

_seq = itertools.count(1)
PASSWORD = "correct-horse-battery-staple-42"


def make_authority(**kwargs) -> Authority:
    n = next(_seq)
    defaults = {"la_code": f"{900 + n % 99:03d}", "name": f"Testshire {n}"}
    defaults.update(kwargs)
    authority, _ = Authority.objects.get_or_create(
        la_code=defaults.pop("la_code"), defaults=defaults
    )
    return authority


def make_school(authority=None, **kwargs) -> School:
    n = next(_seq)
    defaults = {
        "urn": 100000 + n,
        "name": f"Test School {n}",
        "phase": "Primary",
        "status": "Open",
        "type_of_establishment": "Community school",
    }
    defaults.update(kwargs)
    return School.objects.create(authority=authority or make_authority(), **defaults)


def make_user(role: Role | None = None, **kwargs) -> User:
    n = next(_seq)
    username = kwargs.pop("username", f"user{n}")
    user = User.objects.create_user(username=username, password=PASSWORD, **kwargs)
    if role is not None:
        sync_role_groups()
        user.groups.add(Group.objects.get(name=role.name))
    return user
