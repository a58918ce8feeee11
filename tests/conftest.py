import os

import pytest
from django.conf import settings as django_settings
from hypothesis import HealthCheck, settings

from schools_platform.core import roles
from schools_platform.registry.services import grant_school_access

from .factories import make_authority, make_school, make_user

# Hypothesis profiles (docs/testing.md). Both: no deadline and no "too slow" health check, so
# a busy machine cannot fail a property test on timing; each test's own @settings may lower
# max_examples. "ci" (chosen when CI=true) is also derandomized with no example database, so a
# run is reproducible; "dev" draws new examples each run. HYPOTHESIS_PROFILE picks either.
_PATIENT = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow], "max_examples": 100}
# Parent "default", not the current default: Hypothesis loads its own "ci" profile by itself
# when it sees CI, and "dev" must not inherit that.
_BASE = settings.get_profile("default")
settings.register_profile("dev", _BASE, **_PATIENT)
settings.register_profile("ci", _BASE, **_PATIENT, derandomize=True, database=None, print_blob=True)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") == "true" else "dev")
)

_skipped = []


def pytest_runtest_logreport(report):
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    # In CI nothing may skip for want of a service (Chromium, PostgreSQL, Redis).
    if os.environ.get("CI") == "true" and _skipped:
        print("\nCI forbids skipped tests; these skipped:\n  " + "\n  ".join(_skipped))
        session.exitstatus = 1


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache. The test cache lives in the process, while each
    test's rows are rolled back and their ids are reused on SQLite, so anything cached by one
    test (Wagtail's site root paths, cached reports) could be read by the next as if current."""
    from django.core.cache import cache

    cache.clear()
    yield


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


def pytest_collection_modifyitems(config, items):
    """Tests whose module sets NEEDS_POSTGRESQL (another process shares the database, or real
    row locks race) are left out on SQLite, whose test database is in memory, rather than
    skipped (CI forbids skips); CI runs them in its PostgreSQL pass."""
    if django_settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    kept, left_out = [], []
    for item in items:
        needs = getattr(getattr(item, "module", None), "NEEDS_POSTGRESQL", False)
        (left_out if needs else kept).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept
