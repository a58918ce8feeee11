"""Appeals in the browser (axe on every page): a clerk builds a roster by hand with the keyboard,
sees a breach explained, fixes it and saves; she opens the deadlines and monitoring pages; a
panel member updates their availability."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from admissions import models as m
from tests.admissions.conftest import (  # noqa: F401 - fixtures used by name
    appeals_clerk,
    block,
    clerk_user,
    panel_user,
    pool,
)
from tests.factories import PASSWORD

from .conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_clerk_builds_a_roster_with_the_keyboard(page, clerk_user, pool, appeals_clerk, block):  # noqa: F811
    sign_in(page, "clerk", PASSWORD)
    page.goto(f"/appeals/blocks/{block.pk}/roster/")
    assert_accessible(page)
    members = page.get_by_role("group", name="Panel members")
    # Two lay members and the chair: no member with experience in education.
    for name in ("Ada Chair", "Cy Lay", "Di Lay"):
        box = members.get_by_label(re.compile(name))
        box.focus()
        page.keyboard.press("Space")
    chair = page.get_by_role("group", name="Chair").get_by_label(re.compile("Ada Chair"))
    chair.focus()
    page.keyboard.press("Space")
    page.get_by_label("Clerk").select_option(label="Clare Clerk")
    page.get_by_role("button", name="Check the panel").focus()
    page.keyboard.press("Enter")
    expect(
        page.get_by_text("The panel has no member with experience in education.")
    ).to_be_visible()
    assert_accessible(page)
    # Fix it: Di out, Ben (education) in; then save.
    page.get_by_role("group", name="Panel members").get_by_label(re.compile("Di Lay")).focus()
    page.keyboard.press("Space")
    page.get_by_role("group", name="Panel members").get_by_label(re.compile("Ben Teacher")).focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Save the roster").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text(f"Roster saved for {block.reference}.")).to_be_visible()
    assert_accessible(page)
    assert m.Roster.objects.get(block=block).seats.count() == 3
    for url in ("/appeals/due/", "/appeals/monitoring/", "/appeals/pool/", "/appeals/blocks/"):
        page.goto(url)
        assert_accessible(page)


def test_member_updates_availability(page, panel_user, pool):  # noqa: F811
    sign_in(page, "panellist", PASSWORD)
    page.goto("/appeals/me/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Change your weekly availability").click()
    page.wait_for_url("**/availability/")
    assert urlsplit(page.url).path == "/appeals/me/availability/"
    assert_accessible(page)
    page.get_by_label("Monday").select_option(label="Remote only")
    page.get_by_role("button", name="Save weekly availability").click()
    expect(page.get_by_text("Your weekly availability is saved.")).to_be_visible()
    assert_accessible(page)
    assert m.WeeklyAvailability.objects.get(member=pool[0], weekday=0).mode == "remote"


def _tab_to(page, locator, limit=40):
    """Press Tab until ``locator`` has the focus (keyboard only, as a user would)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError("could not reach the element with the keyboard")


def test_member_keeps_dated_exceptions_and_declarations_by_keyboard(page, panel_user, pool):  # noqa: F811
    from schools_platform.registry.models import School

    school = School.objects.first()
    sign_in(page, "panellist", PASSWORD)
    page.goto("/appeals/me/")
    # A day away: a dated exception that wins over the usual week.
    _tab_to(page, page.get_by_role("link", name="Add a day that differs"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "A day that differs from your usual week"
    )
    assert_accessible(page)
    # A bad date first: the error summary names the field, nothing is saved.
    page.get_by_role("button", name="Save this day").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("This field is required")
    assert_accessible(page)
    assert not m.AvailabilityException.objects.exists()
    page.get_by_label("Date").fill("2027-05-12")  # a date input: typed segments vary by locale
    page.get_by_label("On that day you are").select_option(label="Available")
    page.get_by_label("If available, how").select_option(label="Remote only")
    page.get_by_label("Note (optional)").focus()
    page.keyboard.type("Only in the afternoon")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Your change for that day is saved.")).to_be_visible()
    expect(page.get_by_text("Wednesday 12 May 2027: available (remote only)")).to_be_visible()
    assert_accessible(page)
    # A declaration of history: a former teaching assistant is an education member.
    _tab_to(page, page.get_by_role("link", name="Declare history or an interest"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Declare history or an interest")
    assert_accessible(page)
    page.get_by_label("Kind").select_option(label="Worked in a school")
    page.get_by_role("button", name="Add this declaration").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Choose the school")
    assert_accessible(page)
    page.get_by_label("Role").select_option(label="Teaching assistant")
    page.get_by_label("School").select_option(label=str(school))
    page.get_by_label("Started on").fill(
        "2001-09-01"
    )  # a date input: typed segments vary by locale
    page.get_by_label("Ended on").fill("2003-07-01")  # a date input: typed segments vary by locale
    page.get_by_role("button", name="Add this declaration").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Your declaration is saved.")).to_be_visible()
    expect(page.get_by_text("Member with experience in education")).to_be_visible()
    assert_accessible(page)
    # An affiliation that continues, then ended from the member's own page.
    _tab_to(page, page.get_by_role("link", name="Declare history or an interest"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Declare history or an interest")
    page.get_by_label("Kind").select_option(label="Other declared interest")
    page.get_by_label("Details").focus()
    page.keyboard.type("Trustee of a local charity")
    page.get_by_role("button", name="Add this declaration").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Your declaration is saved.")).to_be_visible()
    _tab_to(page, page.get_by_role("link", name=re.compile("Say when it ended")))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Say when this ended")
    assert_accessible(page)
    page.get_by_label("When did it end?").fill(
        "2026-07-31"
    )  # a date input: typed segments vary by locale
    page.get_by_role("button", name="Save the end date").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Your declaration is updated.")).to_be_visible()
    assert_accessible(page)
    member = pool[0]
    member.refresh_from_db()
    assert member.category == "education"
    assert member.declarations.filter(ended_on__isnull=False).count() == 2
    exception = m.AvailabilityException.objects.get(member=member)
    assert exception.available and exception.mode == "remote"


def test_clerk_reads_the_monitoring_reports_and_records_an_outcome(page, clerk_user, block):  # noqa: F811
    sign_in(page, "clerk", PASSWORD)
    for url in ("/appeals/monitoring/fairness/", "/appeals/monitoring/panels/"):
        page.goto(url)
        assert_accessible(page)
    appeal = block.appeals.get()
    page.goto(f"/appeals/appeals/{appeal.pk}/outcome/")
    assert_accessible(page)
    page.get_by_label("Decision", exact=True).select_option(label="Dismissed")
    page.get_by_role("button", name="Save the outcome").click()
    expect(page.get_by_role("alert")).to_contain_text("Record the reasons")
    assert_accessible(page)


def test_appellant_gives_answers_on_the_landed_form(page, block):  # noqa: F811
    from admissions import services

    token = services.appellant_link_token(block.appeals.get())
    page.goto(f"/appeals/your-answers/{token}/")
    assert_accessible(page)
    page.get_by_role("button", name="Send your answers").click()
    assert_accessible(page)


def test_clerk_keeps_a_clerks_availability(page, clerk_user, appeals_clerk):  # noqa: F811
    sign_in(page, "clerk", PASSWORD)
    page.goto("/appeals/clerks/")
    assert_accessible(page)
    page.get_by_role("link", name="Clare Clerk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Clerk: Clare Clerk")
    assert_accessible(page)
    page.get_by_role("link", name="Change the weekly availability").click()
    assert_accessible(page)
    page.get_by_label("Monday").select_option(label="Not available")
    page.get_by_role("button", name="Save weekly availability").click()
    expect(page.get_by_text("Clare Clerk’s weekly availability is saved.")).to_be_visible()
    page.get_by_role("link", name="Add a day that differs").click()
    assert_accessible(page)
    page.get_by_role("button", name="Save this day").click()
    expect(page.get_by_role("alert")).to_contain_text("This field is required")
    assert_accessible(page)
    page.get_by_label("Date").fill("2027-05-12")
    page.get_by_label("On that day the clerk is").select_option(label="Not available")
    page.get_by_role("button", name="Save this day").click()
    expect(page.get_by_text("Wednesday 12 May 2027: not available")).to_be_visible()
    assert_accessible(page)
    assert not m.ClerkWeeklyAvailability.objects.filter(clerk=appeals_clerk, weekday=0).exists()


def test_appellant_changes_then_withdraws_their_answers(page, block):  # noqa: F811
    from admissions import services
    from schools_platform.equality.models import EqualityProfile

    token = services.appellant_link_token(block.appeals.get())
    page.goto(f"/appeals/your-answers/{token}/")
    page.get_by_label("Prefer not to say").first.check()
    page.get_by_role("button", name="Send your answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your answers")
    page.goto(f"/appeals/your-answers/{token}/")
    assert_accessible(page)
    page.get_by_role("link", name="Change your answers").click()
    assert_accessible(page)
    page.get_by_role("button", name="Save your new answers").click()
    assert_accessible(page)  # the error summary: nothing answered
    page.get_by_label("Prefer not to say").first.check()
    page.get_by_role("button", name="Save your new answers").click()
    expect(page.get_by_text("Your answers have been changed.")).to_be_visible()
    page.goto(f"/appeals/your-answers/{token}/")
    page.get_by_role("link", name="Withdraw your answers").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Are you sure")
    assert_accessible(page)
    page.get_by_role("button", name="Withdraw and delete my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your answers have been withdrawn")
    assert_accessible(page)
    assert EqualityProfile.objects.get().withdrawn_at is not None
