"""Wagtail's admin sidebar is cached per user (core/menu_cache.py), and any change to what it
shows is seen on the very next page: a permission, a role, a page permission, the profile."""

import json
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import GroupPagePermission, Page

from schools_platform.core import menu_cache, roles
from schools_platform.core.models import CacheVersion

from ..factories import make_user

ADMIN = "/admin/"
SCHOOL_ACCESS = "School access"


@pytest.fixture(autouse=True)
def _empty_menu_cache():
    menu_cache.clear()
    yield
    menu_cache.clear()


def _sidebar(client) -> dict:
    response = client.get(ADMIN)
    assert response.status_code == 200
    found = re.search(
        rb'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>',
        response.content,
        re.S,
    )
    assert found, "no sidebar props on the admin page"
    return json.loads(found[1])


def _labels(props: dict) -> set[str]:
    """Every menu item label (submenus' items too) in the sidebar props' JSON."""
    labels = set()

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("label"), str) and "name" in node:
                labels.add(node["label"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(props)
    return labels


@pytest.fixture
def editor(db):
    """An admin user who may open the Wagtail admin but may not manage school access."""
    user = make_user(username="editor")
    group = Group.objects.create(name="Menu test group")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    return user


def test_the_cached_props_are_wagtails_own(rf, officer):
    request = rf.get(ADMIN)
    request.user = officer
    wagtails = menu_cache._wagtail_sidebar_props({"request": request})
    first = menu_cache.cached_sidebar_props({"request": request})  # a miss: built and kept
    second = menu_cache.cached_sidebar_props({"request": request})  # a hit
    assert first == wagtails
    assert second == wagtails


def test_a_second_admin_page_reads_the_menu_from_the_cache(client, officer):
    client.force_login(officer)
    _sidebar(client)
    with CaptureQueriesContext(connection) as cold:
        menu_cache.clear()
        first = _sidebar(client)
    with CaptureQueriesContext(connection) as warm:
        second = _sidebar(client)
    assert first == second
    assert len(warm) < len(cold)


def test_a_permission_given_to_a_group_shows_at_once_and_goes_at_once(client, editor):
    client.force_login(editor)
    assert SCHOOL_ACCESS not in _labels(_sidebar(client))
    assert SCHOOL_ACCESS not in _labels(_sidebar(client))  # now from the cache
    group = Group.objects.get(name="Menu test group")
    manage = Permission.objects.get(codename="manage_school_access")

    group.permissions.add(manage)
    assert SCHOOL_ACCESS in _labels(_sidebar(client))

    group.permissions.remove(manage)
    assert SCHOOL_ACCESS not in _labels(_sidebar(client))


def test_a_role_given_to_the_user_shows_at_once(client, editor):
    make_user(roles.COUNCIL_OFFICER)  # makes the role groups
    client.force_login(editor)
    assert SCHOOL_ACCESS not in _labels(_sidebar(client))
    officer_group = Group.objects.get(name=roles.COUNCIL_OFFICER.name)
    assert officer_group.permissions.filter(codename="manage_school_access").exists()

    editor.groups.add(officer_group)
    assert SCHOOL_ACCESS in _labels(_sidebar(client))

    officer_group.user_set.remove(editor)  # the reverse side of the same relation
    assert SCHOOL_ACCESS not in _labels(_sidebar(client))


def test_a_permission_given_to_the_user_directly_shows_at_once(client, editor):
    client.force_login(editor)
    assert SCHOOL_ACCESS not in _labels(_sidebar(client))
    editor.user_permissions.add(Permission.objects.get(codename="manage_school_access"))
    assert SCHOOL_ACCESS in _labels(_sidebar(client))
    editor.user_permissions.clear()
    assert SCHOOL_ACCESS not in _labels(_sidebar(client))


def test_a_page_permission_shows_the_pages_explorer_at_once(client, editor):
    client.force_login(editor)
    assert "Pages" not in _labels(_sidebar(client))
    group = Group.objects.get(name="Menu test group")
    root = Page.get_first_root_node()
    grant = GroupPagePermission.objects.create(
        group=group, page=root, permission=Permission.objects.get(codename="change_page")
    )
    assert "Pages" in _labels(_sidebar(client))
    grant.delete()
    assert "Pages" not in _labels(_sidebar(client))


def test_a_deleted_group_takes_its_menu_items_at_once(client, editor):
    client.force_login(editor)
    group = Group.objects.get(name="Menu test group")
    group.permissions.add(Permission.objects.get(codename="manage_school_access"))
    assert SCHOOL_ACCESS in _labels(_sidebar(client))
    group.permissions.remove(Permission.objects.get(codename="access_admin"))
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    assert SCHOOL_ACCESS in _labels(_sidebar(client))
    group.delete()
    assert SCHOOL_ACCESS not in _labels(_sidebar(client))


def test_a_superuser_flag_and_a_new_name_show_at_once(client, editor):
    client.force_login(editor)
    assert SCHOOL_ACCESS not in _labels(_sidebar(client))
    editor.first_name = "Renamed"
    editor.is_superuser = True
    editor.save()
    props = _sidebar(client)
    assert SCHOOL_ACCESS in _labels(props)
    assert "Renamed" in json.dumps(props)


def test_the_profile_bumps_the_version(editor):
    from wagtail.users.models import UserProfile

    before = menu_cache.current_version(menu_cache.ADMIN_MENU)
    profile = UserProfile.get_for_user(editor)
    profile.dismissibles = {"whats-new": True}
    profile.save()
    assert menu_cache.current_version(menu_cache.ADMIN_MENU) != before


def test_a_miss_reads_the_user_again_not_the_views_cached_permissions(editor):
    """A view that checked permissions before the change holds them on request.user; the
    props stored under the new version must not be built from those."""
    Group.objects.get(name="Menu test group").permissions.add(
        Permission.objects.get(codename="manage_school_access")
    )
    request = RequestFactory().get(ADMIN)
    request.user = editor
    editor._perm_cache = {"wagtailadmin.access_admin"}  # as checked before the grant
    editor._user_perm_cache = set()
    editor._group_perm_cache = {"wagtailadmin.access_admin"}
    props = json.loads(
        re.search(r">(.*)</script>", menu_cache.cached_sidebar_props({"request": request}), re.S)[1]
    )
    assert SCHOOL_ACCESS in _labels(props)


def test_a_version_never_repeats_after_its_row_is_gone(db):
    first = menu_cache.current_version(menu_cache.ADMIN_MENU)
    CacheVersion.objects.all().delete()
    assert menu_cache.current_version(menu_cache.ADMIN_MENU) != first
    menu_cache.bump(menu_cache.ADMIN_MENU)
    CacheVersion.objects.all().delete()
    menu_cache.bump(menu_cache.ADMIN_MENU)  # no row: bump makes one
    assert CacheVersion.objects.filter(name=menu_cache.ADMIN_MENU).count() == 1


def test_anonymous_visitors_are_not_cached(rf):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get(ADMIN)
    request.user = AnonymousUser()
    # Wagtail never renders the sidebar for them (the admin sends them to its login page);
    # the tag itself keeps nothing for an anonymous user.
    menu_cache.cached_sidebar_props({"request": request})
    assert not menu_cache._entries
