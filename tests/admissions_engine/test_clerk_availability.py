"""The engine reads clerks' availability the pool's way (facts.clerk_facts_of): a clerk who does
not offer a block's day is never proposed for it, and with no clerk free the block is left
unstaffed with that reason."""

import datetime as dt

import pytest

from admissions import models as m
from admissions.engine import loading, season, services
from admissions.engine.models import RunStatus
from schools_platform.core import roles
from tests.admissions.conftest import MON, make_block, make_clerk, make_member
from tests.factories import make_user

pytestmark = pytest.mark.django_db
TUE = MON + dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def small_runs(settings, monkeypatch):
    settings.ADMISSIONS_ENGINE_WORKERS = 1
    original = services.execute_run
    monkeypatch.setattr(
        services,
        "execute_run",
        lambda run_id, **kw: original(run_id, **({"solution_limit": 50, "random_seed": 3} | kw)),
    )


@pytest.fixture
def pool(school_a):
    authority = school_a.authority
    return [
        make_member(authority, "Ada Chair", chair=True),
        make_member(authority, "Bo Chair", chair=True),
        make_member(authority, "Cy Teacher", education=True),
        make_member(authority, "Di Teacher", education=True),
        make_member(authority, "Ed Lay"),
        make_member(authority, "Flo Lay"),
    ]


def test_eligibility_leaves_out_a_clerk_away_that_day(school_a, pool):
    authority = school_a.authority
    no_mondays = make_clerk(authority, "Tess Tuesdays", weekdays=[1, 2, 3, 4])
    away = make_clerk(authority, "Ola Away")
    m.ClerkAvailabilityException.objects.create(clerk=away, date=TUE, available=False)
    both = make_clerk(authority, "Bea Both")
    monday, tuesday = (
        make_block(school_a, "B1", days=(MON,)),
        make_block(school_a, "B2", days=(TUE,)),
    )
    loaded = loading.load_season(loading.load_blocks([monday.pk, tuesday.pk]))
    elig = season.eligibility(loaded)
    assert set(elig.clerks["B1"]) == {str(away.pk), str(both.pk)}
    assert set(elig.clerks["B2"]) == {str(no_mondays.pk), str(both.pk)}
    tess = loaded.clerk(str(no_mondays.pk))
    assert tess.weekly == dict.fromkeys([1, 2, 3, 4], "either")


def test_a_run_never_proposes_a_clerk_on_a_day_they_do_not_offer(
    school_a, school_b, pool, django_capture_on_commit_callbacks
):
    authority = school_a.authority
    tuesdays_only = make_clerk(authority, "Tess Tuesdays", weekdays=[1])
    mondays = make_clerk(authority, "Mo Mondays", weekdays=[0])
    blocks = [
        make_block(school_a, "B1", days=(MON,)),
        make_block(school_b, "B2", days=(MON,)),  # one Monday clerk for two Monday blocks
        make_block(school_a, "B3", days=(TUE,)),
    ]
    clerk_user = make_user(roles.APPEALS_CLERK, username="clerk")
    with django_capture_on_commit_callbacks(execute=True):
        run = services.compose_panels(actor=clerk_user, blocks=blocks, time_limit=30)
    run.refresh_from_db()
    assert run.status == RunStatus.READY
    proposed = {k: p["clerk"] for k, p in run.proposal.items() if p}
    assert proposed.get("B3") == str(tuesdays_only.pk)
    monday_clerks = {proposed[k] for k in ("B1", "B2") if k in proposed}
    assert monday_clerks == {str(mondays.pk)}  # never Tess, who does not offer Mondays
    [unstaffed] = run.unstaffed
    assert unstaffed["block"] in ("B1", "B2")
    assert any("clerk" in reason for reason in unstaffed["reasons"]), unstaffed["reasons"]
