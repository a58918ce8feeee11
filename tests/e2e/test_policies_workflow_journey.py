"""A checklist version through Wagtail's workflow in the Wagtail admin: one race equalities
officer submits the draft from the version's editor page; the same officer is offered no
approval; a second officer approves it from the editor, which publishes it (through
services.approve_version). The project's admin journeys do not run axe on Wagtail's own
screens; our checklist versions screen is checked."""

import pytest
from playwright.sync_api import expect

from policies import services
from policies.models import FrameworkVersion, Item
from schools_platform.core import roles
from tests.factories import PASSWORD, make_user

from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _action(page, name: str) -> None:
    """Press one of the editor's action buttons, opening the "More actions" menu if needed."""
    button = page.get_by_role("button", name=name).first
    if not button.is_visible():
        page.get_by_role("button", name="More actions").first.click()
    button.click()


def test_a_version_is_submitted_and_a_second_officer_approves_it_in_the_admin(page):
    first = make_user(roles.RACE_EQUALITIES_OFFICER, username="equalities1")
    make_user(roles.RACE_EQUALITIES_OFFICER, username="equalities2")
    framework = services.create_framework(actor=first, name="Council checklist")
    draft = services.start_draft_version(actor=first, framework=framework)
    section = services.add_section(actor=first, version=draft, code="A", title="Duties")
    services.save_item(
        actor=first, section=section, code="A1", statement="Publish equality information",
        basis=Item.Basis.STATUTORY, source="Equality Act 2010 (Specific Duties) Regulations 2011",
    )  # fmt: skip
    edit = f"/admin/snippets/policies/frameworkversion/edit/{draft.pk}/"

    sign_in(page, "equalities1", PASSWORD)
    page.goto("/admin/policies/versions/")
    page.get_by_role("link", name="Open version 1", exact=False).click()
    page.wait_for_url(f"**{edit}")
    page.locator("#id_notes").fill("The council's first checklist.")
    _action(page, "Submit to Checklist version approval")
    expect(page.get_by_text("submitted for moderation", exact=False).first).to_be_visible()
    draft.refresh_from_db()
    assert draft.status == FrameworkVersion.Status.AWAITING_APPROVAL
    # The submitter is offered no approval.
    page.goto(edit)
    assert page.get_by_role("button", name="Approve and publish").count() == 0

    page.context.clear_cookies()
    sign_in(page, "equalities2", PASSWORD)
    page.goto(edit)
    with page.expect_navigation():
        _action(page, "Approve and publish")
    draft.refresh_from_db()
    assert draft.is_published and draft.live
    assert draft.notes == "The council's first checklist."
    page.goto("/admin/policies/versions/")
    expect(page.get_by_role("cell", name="Published")).to_be_visible()
