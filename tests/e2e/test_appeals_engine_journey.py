"""The panel engine in the browser (axe on every page): a clerk runs the engine for a season,
watches the progress, reads the result with its gap and an unstaffed day explained, accepts
it, then withdraws a member and accepts the re-plan."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from admissions import models as m
from admissions.engine import services
from admissions.engine.models import EngineRun, RunStatus, SittingPreference
from schools_platform.core import roles
from tests.admissions.conftest import MON, make_block, make_clerk, make_member
from tests.factories import PASSWORD, make_user

from .conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_clerk_runs_accepts_and_replans(page, school_a, school_b, settings, monkeypatch):
    settings.ADMISSIONS_ENGINE_WORKERS = 1
    make_user(roles.APPEALS_CLERK, username="clerk")
    authority = school_a.authority
    for name, kw in [
        ("Ada Chair", {"chair": True}),
        ("Bo Chair", {"chair": True}),
        ("Cy Teacher", {"education": True}),
        ("Di Teacher", {"education": True}),
        ("Ed Lay", {}),
        ("Flo Lay", {}),
    ]:
        make_member(authority, name, **kw)
    for name in ("Clare Clerk", "Colin Clerk"):
        make_clerk(authority, name)
    make_block(school_a, "B1", days=(MON,))
    make_block(school_a, "B2", days=(MON + dt.timedelta(days=1),))
    make_block(school_b, "B3", days=(MON,))
    make_block(school_b, "B4", days=(MON,))  # three blocks on one day, two chairs
    # The job is queued, not run, so the clerk sees the progress page first.
    monkeypatch.setattr(services, "_start", lambda run: None)

    sign_in(page, "clerk", PASSWORD)
    page.goto("/appeals/engine/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Compose panels with the engine")
    assert_accessible(page)
    page.get_by_label("Time limit in seconds").fill("20")
    page.get_by_role("button", name="Run the engine").click()
    expect(page.locator("#progress")).to_contain_text("Waiting to start")
    expect(page.locator("#blocks-solved")).to_have_text("Blocks solved: 0 of 4.")
    assert_accessible(page)

    run = EngineRun.objects.get()
    services.execute_run(run.pk, solution_limit=50, random_seed=3)
    page.reload()
    expect(page.locator("#gap")).to_be_visible()
    expect(page.locator("#unstaffed").locator("xpath=following-sibling::ul[1]")).to_contain_text(
        "10 May 2027: 3 blocks need a chair, 2 chair-capable members are free."
    )
    assert_accessible(page)
    page.get_by_role("button", name="Accept and save the rosters").click()
    expect(page.get_by_text("The proposed rosters are saved.")).to_be_visible()
    assert m.Roster.objects.count() == 3

    block = m.HearingBlock.objects.get(reference="B2")
    seat = m.RosterSeat.objects.filter(roster__block=block, is_chair=False).first()
    page.goto(f"/appeals/engine/blocks/{block.pk}/withdraw/")
    assert_accessible(page)
    page.get_by_role("button", name="Withdraw and re-plan").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Member who withdraws").select_option(str(seat.member_id))
    page.get_by_label("Reason").fill("Taken ill")
    page.get_by_role("button", name="Withdraw and re-plan").click()
    replan = EngineRun.objects.exclude(pk=run.pk).get()
    services.execute_run(replan.pk, solution_limit=50, random_seed=3)
    page.reload()
    expect(page.get_by_text("Seats changed outside B2")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Accept and save the rosters").click()
    expect(page.get_by_text("The proposed rosters are saved.")).to_be_visible()
    replan.refresh_from_db()
    assert replan.status == RunStatus.ACCEPTED
    assert m.RosterSeat.objects.filter(roster__block=block).count() == 3
    assert not m.RosterSeat.objects.filter(roster__block=block, member_id=seat.member_id).exists()


def test_member_states_sitting_preferences(page, school_a):
    person = make_user(roles.PANEL_MEMBER, username="member")
    make_member(school_a.authority, "Mo Member", user=person)
    make_block(school_a, "B1", days=(MON,))
    sign_in(page, "member", PASSWORD)
    page.goto("/appeals/engine/preferences/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your sitting preferences")
    assert_accessible(page)
    page.get_by_label("Friday").check()
    page.get_by_label(school_a.name).check()
    page.get_by_label("Remotely").check()
    page.get_by_role("button", name="Save your preferences").click()
    expect(page.get_by_text("Your sitting preferences are saved.")).to_be_visible()
    expect(page.get_by_label("Friday")).to_be_checked()
    assert_accessible(page)
    pref = SittingPreference.objects.get()
    assert pref.avoid_weekdays == [4] and pref.mode == "remote"
