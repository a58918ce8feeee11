"""A school-scoped user's schools are worked out once per user object (issue 7: the head's
dashboard built the same permission query four times a request), yet a grant or a revocation
made afterwards is seen by the very next read, and the dashboard's "Your schools" card reads
its first ten schools and their number in one query whatever the number."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from schools_platform.core import roles
from schools_platform.registry.selectors import (
    first_schools_for_user,
    has_any_school,
    schools_for_user,
)
from schools_platform.registry.services import grant_school_access, revoke_school_access
from tests.factories import make_authority, make_school, make_user

pytestmark = pytest.mark.django_db


def test_a_grant_or_revocation_after_the_first_read_is_seen_at_once(officer, school_a, school_b):
    leader = make_user(roles.SCHOOL_LEADER)
    assert list(schools_for_user(leader)) == []
    grant_school_access(actor=officer, user=leader, school=school_a)
    assert list(schools_for_user(leader)) == [school_a]
    grant_school_access(actor=officer, user=leader, school=school_b)
    assert set(schools_for_user(leader)) == {school_a, school_b}
    revoke_school_access(actor=officer, user=leader, school=school_a)
    assert list(schools_for_user(leader)) == [school_b]


def test_closed_schools_are_left_out_only_when_asked(officer, school_a, school_b):
    leader = make_user(roles.SCHOOL_LEADER)
    for school in (school_a, school_b):
        grant_school_access(actor=officer, user=leader, school=school)
    school_b.closed_on = "2020-08-31"
    school_b.save()
    assert set(schools_for_user(leader)) == {school_a, school_b}
    assert list(schools_for_user(leader, include_closed=False)) == [school_a]
    # Another school-scoped user sees none of them.
    assert list(schools_for_user(make_user(roles.SCHOOL_LEADER))) == []


@pytest.mark.parametrize("granted", [0, 3, 14])
def test_the_first_schools_and_their_number_in_one_query(officer, granted):
    authority = make_authority()
    leader = make_user(roles.SCHOOL_LEADER)
    for n in range(granted):
        school = make_school(authority, name=f"School {n:02d}")
        grant_school_access(actor=officer, user=leader, school=school)
    make_school(authority, name="Not granted")
    leader.has_perm("registry.view_school")  # the permission cache, read by every page
    with CaptureQueriesContext(connection) as captured:
        schools, total = first_schools_for_user(leader, limit=10)
        assert has_any_school(leader) is (granted > 0)  # remembered: no query of its own
    assert len(captured) == 1
    assert total == granted
    assert [s.name for s in schools] == [f"School {n:02d}" for n in range(min(granted, 10))]
