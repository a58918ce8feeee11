"""Wagtail's admin sidebar, cached per user against a version of everything it shows.

Every Wagtail admin page renders the sidebar's props (``{% sidebar_props %}``): each menu
item's and search area's ``is_shown`` check (model permissions, group page and collection
permissions, the explorer's start page), the user's name and avatar, the profile's dismissed
items. That was about a quarter of an admin request (docs/benchmarks.md). The props depend on
nothing of the request but its user and language, so they are kept here, per process, keyed on:

- ``ADMIN_MENU``'s version (``CacheVersion``, one primary-key read a page), which every change
  to an input gives a fresh random token, in the same transaction as the change: a save or
  delete of a permission, group, group page or collection permission, collection, page (any
  page model) or Wagtail user profile, a page move, and any change to a user's groups or
  permissions or a group's permissions (``connect_signals``, from ``CoreConfig.ready``);
- what the props show of the user row itself (name, e-mail, superuser, active, staff), which
  is read fresh from the session's user on every request;
- the language and the script prefix.

A miss builds the props exactly as Wagtail does, but for a user read again *after* the version
was read: a permission the view already checked (Django caches them on the request's user)
could otherwise be older than the version the props are stored under. Entries also expire
after ``TTL_SECONDS`` and at most ``MAX_ENTRIES`` are kept (least recently used out first).

A bulk write that sends no signals (``QuerySet.update``, ``bulk_create``, raw SQL) to one of
these models must call ``bump(ADMIN_MENU)`` itself; none in this project does.
"""

import copy
import secrets
import threading
import time
from collections import OrderedDict

from django.contrib.auth import get_user_model
from django.urls import get_script_prefix
from django.utils import translation

ADMIN_MENU = "admin-menu"
MAX_ENTRIES = 512
TTL_SECONDS = 300

_entries: OrderedDict = OrderedDict()
_lock = threading.Lock()
_wagtail_sidebar_props = None  # Wagtail's own tag function, kept by install()


def _new_token() -> str:
    return secrets.token_hex(16)


def current_version(name: str) -> str:
    from .models import CacheVersion

    token = CacheVersion.objects.filter(name=name).values_list("token", flat=True).first()
    if token is None:
        token = CacheVersion.objects.get_or_create(name=name, defaults={"token": _new_token()})[
            0
        ].token
    return token


def bump(name: str) -> None:
    """Give ``name`` a fresh version, inside the caller's transaction."""
    from .models import CacheVersion

    token = _new_token()
    if CacheVersion.objects.filter(name=name).update(token=token):
        return
    _, created = CacheVersion.objects.get_or_create(name=name, defaults={"token": token})
    if not created:  # another process made the row meanwhile: replace its token too
        CacheVersion.objects.filter(name=name).update(token=token)


def clear() -> None:
    with _lock:
        _entries.clear()


def _key(version: str, user) -> tuple:
    return (
        version,
        user.pk,
        user.get_username(),
        getattr(user, "first_name", ""),
        getattr(user, "last_name", ""),
        getattr(user, "email", ""),
        user.is_superuser,
        user.is_active,
        user.is_staff,
        translation.get_language(),
        get_script_prefix(),
    )


def _get(key):
    with _lock:
        entry = _entries.get(key)
        if entry is None:
            return None
        expires, value = entry
        if expires < time.monotonic():
            del _entries[key]
            return None
        _entries.move_to_end(key)
        return value


def _put(key, value) -> None:
    with _lock:
        _entries[key] = (time.monotonic() + TTL_SECONDS, value)
        _entries.move_to_end(key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)


def cached_sidebar_props(context):
    request = context["request"]
    user = request.user
    if not getattr(user, "is_authenticated", False):
        return _wagtail_sidebar_props(context)
    key = _key(current_version(ADMIN_MENU), user)
    props = _get(key)
    if props is None:
        fresh = copy.copy(request)
        fresh.user = get_user_model()._default_manager.get(pk=user.pk)
        props = _wagtail_sidebar_props({"request": fresh})
        _put(key, props)
    return props


def install() -> None:
    """Register ``cached_sidebar_props`` as Wagtail's ``{% sidebar_props %}`` tag (same name,
    same library, so Wagtail's own base template uses it)."""
    global _wagtail_sidebar_props
    from wagtail.admin.templatetags import wagtailadmin_tags

    if _wagtail_sidebar_props is None:
        _wagtail_sidebar_props = wagtailadmin_tags.sidebar_props
    wagtailadmin_tags.register.simple_tag(takes_context=True, name="sidebar_props")(
        cached_sidebar_props
    )


def _bump_admin_menu(**kwargs) -> None:
    bump(ADMIN_MENU)


def _bump_on_m2m(action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        bump(ADMIN_MENU)


def connect_signals() -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.models import (
        Collection,
        GroupCollectionPermission,
        GroupPagePermission,
        Page,
        get_page_models,
    )
    from wagtail.signals import post_page_move
    from wagtail.users.models import UserProfile

    User = get_user_model()
    models = {
        Permission,
        Group,
        GroupPagePermission,
        GroupCollectionPermission,
        Collection,
        UserProfile,
        Page,
        *get_page_models(),
    }
    for model in models:
        uid = f"admin-menu-{model._meta.label_lower}"
        post_save.connect(_bump_admin_menu, sender=model, dispatch_uid=uid, weak=False)
        post_delete.connect(_bump_admin_menu, sender=model, dispatch_uid=uid, weak=False)
    for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(
            _bump_on_m2m,
            sender=through,
            dispatch_uid=f"admin-menu-{through._meta.label_lower}",
            weak=False,
        )
    post_page_move.connect(_bump_admin_menu, dispatch_uid="admin-menu-page-move", weak=False)
