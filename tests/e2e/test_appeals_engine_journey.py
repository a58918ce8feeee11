"""The panel engine in the browser (axe on every page): a clerk runs the engine for a season,
watches the progress, reads the result with its gap and an unstaffed day explained, accepts
it, then withdraws a member and accepts the re-plan; a clerk moves a block by keyboard and
accepts that re-plan."""

import datetime as dt
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from admissions import models as m
from admissions import services as pool_services
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
    assert urlsplit(page.url).path == f"/appeals/engine/runs/{run.pk}/"
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


def test_clerk_moves_a_block_by_keyboard_and_accepts_the_replan(
    page, school_a, settings, monkeypatch
):
    """The clerk reaches the move page from the block's page, types the new day in the GOV.UK
    date input (keyboard only: Tab between boxes, Enter to send), reads the re-plan and
    accepts it; the late-appeal page is checked too. axe on each new page."""
    settings.ADMISSIONS_ENGINE_WORKERS = 1
    clerk_user = make_user(roles.APPEALS_CLERK, username="clerk")
    authority = school_a.authority
    members = [
        make_member(authority, "Ada Chair", chair=True),
        make_member(authority, "Cy Teacher", education=True),
        make_member(authority, "Ed Lay"),
        make_member(authority, "Flo Lay"),
    ]
    clerk = make_clerk(authority, "Clare Clerk")
    block = make_block(school_a, "B1", days=(MON,))
    pool_services.save_roster(
        actor=clerk_user,
        block=block,
        member_ids=[members[0].pk, members[1].pk, members[2].pk],
        chair_id=members[0].pk,
        clerk=clerk,
    )
    thursday = MON + dt.timedelta(days=3)
    pool_services.set_availability_exception(
        actor=clerk_user, member=members[2], date=thursday, available=False
    )

    monkeypatch.setattr(services, "_start", lambda run: None)  # run below, with fixed limits
    sign_in(page, "clerk", PASSWORD)
    page.goto(f"/appeals/blocks/{block.pk}/")
    page.get_by_role("link", name="Move the block to other days").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Move block B1 to other days")
    assert page.url.endswith(f"/appeals/engine/blocks/{block.pk}/move/")
    assert_accessible(page)
    # Enter with no reason: the error summary names the field.
    page.get_by_label("Day").first.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-error-summary")).to_contain_text("This field is required.")
    assert_accessible(page)
    page.get_by_label("Day").first.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("13")
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("5")
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("2027")
    page.get_by_label("Why the block moves").focus()
    page.keyboard.type("The hall is needed on Monday")
    page.get_by_role("button", name="Move and re-plan").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Re-plan after B1 moved to 13 May 2027"
    )
    assert list(block.days.values_list("date", flat=True)) == [thursday]
    run = EngineRun.objects.get()
    services.execute_run(run.pk, random_seed=3, limits={"max_deterministic_time": 20.0})
    page.reload()
    expect(page.get_by_text("Seats changed outside B1")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Accept and save the rosters").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("The proposed rosters are saved.")).to_be_visible()
    seated = set(m.RosterSeat.objects.filter(roster__block=block).values_list("member", flat=True))
    assert seated == {members[0].pk, members[1].pk, members[3].pk}  # only Ed's seat changed

    page.goto(f"/appeals/engine/blocks/{block.pk}/add-appeal/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add an appeal lodged late to B1")
    assert_accessible(page)
    page.get_by_role("button", name="Add the appeal and re-plan").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the date the appeal was lodged"
    )
    assert_accessible(page)
