"""Monitoring: DfE appeals statistics by phase and the pool's make-up by the members' voluntary
equality answers, both after disclosure control; the clerk's role only; answers never reach the
checker (tests/admissions/test_demo_and_register.py)."""

import datetime as dt

from admissions import models as m
from admissions import monitoring
from schools_platform.equality import services as equality_services
from schools_platform.equality.forms import CONSENT_WORDING
from schools_platform.equality.models import EqualityProfile
from tests.factories import make_user

from .conftest import make_block, make_member


def _appeals(block, n, *, upheld=0, withdrawn=0):
    for i in range(n):
        m.Appeal.objects.create(
            block=block,
            reference=f"{block.reference}-x{i}",
            appellant_name=f"Parent {i}",
            child_name=f"Child {i}",
            lodged_on=dt.date(2027, 3, 1),
            withdrawn_on=dt.date(2027, 3, 5) if i < withdrawn else None,
            decision="upheld" if withdrawn <= i < withdrawn + upheld else "",
            stage_one_finding="x" if withdrawn <= i < withdrawn + upheld else "",
            reasons="y" if withdrawn <= i < withdrawn + upheld else "",
        )


def test_dfe_statistics_by_phase_withhold_small_counts(school_a):
    block = make_block(school_a)  # one appeal already
    _appeals(block, 40, upheld=12, withdrawn=3)
    rows = monitoring.table_rows(monitoring.dfe_statistics())
    phase = school_a.phase or monitoring.NOT_GIVEN
    row = next(r for r in rows if r[0] == phase)
    lodged, withdrawn, heard, upheld = row[1:]
    assert isinstance(lodged, int) and abs(lodged - 41) <= 5  # published, rounded
    assert isinstance(upheld, int) and abs(upheld - 12) <= 5
    # 3 withdrawn is a count of 1-7 people: never shown as a number.
    assert not isinstance(withdrawn, int)


def test_pool_make_up_counts_only_answers_given_and_active_members(school_a):
    for i in range(12):
        user = make_user(None, username=f"member{i}")
        make_member(school_a.authority, f"Member {i}", user=user)
        equality_services.record_profile(
            actor=user,
            user=user,
            purpose=EqualityProfile.Purpose.PANEL_MEMBER,
            answers={"ethnicity": "white_british" if i < 9 else "asian_indian"},
            consent_wording=CONSENT_WORDING,
        )
    rows = {r[0]: r[1] for r in monitoring.table_rows(monitoring.pool_make_up())}
    # No figure of 1-7 people is ever shown (a withheld cell is a symbol).
    assert not [v for v in rows.values() if isinstance(v, int) and 1 <= v <= 7]
    # 3 Asian members: a small count, withheld.
    assert not isinstance(rows["Asian, Asian British or Asian Welsh"], int)


def test_monitoring_page_and_download_are_the_clerks_only(client, clerk_user, panel_user, school_a):
    _appeals(make_block(school_a), 20, upheld=10)
    client.force_login(clerk_user)
    page = client.get("/appeals/monitoring/")
    assert page.status_code == 200 and "DfE appeals statistics" in page.content.decode()
    download = client.get("/appeals/monitoring/?download=dfe")
    assert download["Content-Type"].startswith("text/csv")
    assert b"Lodged" in download.content
    client.force_login(panel_user)
    assert client.get("/appeals/monitoring/").status_code == 404
    client.logout()
    assert client.get("/appeals/monitoring/").status_code == 302
