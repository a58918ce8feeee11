import os

import pytest

from schools_platform.core import roles
from schools_platform.registry.services import grant_school_access

from .factories import make_authority, make_school, make_user

_skipped = []


def pytest_runtest_logreport(report):
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    # In CI nothing may skip for want of a service (Chromium, PostgreSQL, Redis).
    if os.environ.get("CI") == "true" and _skipped:
        print("\nCI forbids skipped tests; these skipped:\n  " + "\n  ".join(_skipped))
        session.exitstatus = 1


@pytest.fixture
def officer(db):
    return make_user(roles.COUNCIL_OFFICER, username="officer")


@pytest.fixture
def data_steward(db):
    return make_user(roles.DATA_STEWARD, username="steward")


@pytest.fixture
def school_a(db):
    return make_school(make_authority(la_code="901", name="Northvale"), name="Alder Primary")


@pytest.fixture
def school_b(db):
    return make_school(make_authority(la_code="902", name="Southmere"), name="Birch Academy")


@pytest.fixture
def leader_a(db, school_a, officer):
    user = make_user(roles.SCHOOL_LEADER, username="leader_a")
    grant_school_access(actor=officer, user=user, school=school_a)
    return user


@pytest.fixture
def leader_b(db, school_b, officer):
    user = make_user(roles.SCHOOL_LEADER, username="leader_b")
    grant_school_access(actor=officer, user=user, school=school_b)
    return user
