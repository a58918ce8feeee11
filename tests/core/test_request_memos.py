"""What a request works out once (the header links, the user's roles) is still right when
the user's roles change, and is not shared between users."""

from django.contrib.auth.models import AnonymousUser, Group
from django.template.loader import render_to_string

from schools_platform.core import context_processors, roles
from schools_platform.core.roles import user_roles

from ..factories import make_user


def test_a_role_given_or_taken_on_the_same_user_object_is_seen_at_once(db):
    user = make_user(roles.SCHOOL_LEADER)
    assert user_roles(user) == [roles.SCHOOL_LEADER]
    officers = Group.objects.get(name=roles.COUNCIL_OFFICER.name)

    user.groups.add(officers)
    assert set(user_roles(user)) == {roles.SCHOOL_LEADER, roles.COUNCIL_OFFICER}

    user.groups.remove(officers)
    assert user_roles(user) == [roles.SCHOOL_LEADER]

    user.groups.clear()
    assert user_roles(user) == []


def test_a_fresh_user_object_reads_its_roles_again(db):
    user = make_user(roles.SCHOOL_LEADER)
    assert user_roles(user) == [roles.SCHOOL_LEADER]
    officers = Group.objects.get(name=roles.COUNCIL_OFFICER.name)
    officers.user_set.add(user)  # the other side: this object is not told
    assert roles.COUNCIL_OFFICER in user_roles(type(user).objects.get(pk=user.pk))


def test_the_header_links_are_worked_out_once_a_request(rf, officer, monkeypatch):
    calls = []
    real = context_processors.links_for
    monkeypatch.setattr(
        context_processors, "links_for", lambda user: calls.append(user) or real(user)
    )
    request = rf.get("/dashboard/")
    request.user = officer
    for _ in range(3):  # the dashboard renders one template per card with the request
        render_to_string("includes/pagination.html", {}, request=request)
    assert len(calls) == 1
    assert context_processors.navigation(request)["nav_links"] == real(officer)


def test_a_request_whose_user_changes_gets_that_users_links(rf, officer):
    request = rf.get("/")
    request.user = officer
    assert context_processors.navigation(request)["nav_links"]
    request.user = AnonymousUser()  # signed out during the request
    assert context_processors.navigation(request)["nav_links"] == []
