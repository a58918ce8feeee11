"""Appeals in the browser (axe on every page): a clerk builds a roster by hand with the keyboard,
sees a breach explained, fixes it and saves; she opens the deadlines and monitoring pages; a
panel member updates their availability."""

import re

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
    page.get_by_label("Monday").select_option(label="Remote only")
    page.get_by_role("button", name="Save weekly availability").click()
    expect(page.get_by_text("Your weekly availability is saved.")).to_be_visible()
    assert_accessible(page)
    assert m.WeeklyAvailability.objects.get(member=pool[0], weekday=0).mode == "remote"
