# ruff: noqa: F811 - pytest fixtures imported by name are redefined as arguments
"""The CPD network in the browser (axe on every page): a headteacher applies and is approved;
she writes a case study tied to a checklist item; a moderator approves it; another member with
a gap on that item finds it from their policy review."""

import pytest
from playwright.sync_api import expect

from cpd.network.models import CaseStudyPage
from policies import services as policy_services
from schools_platform.core import roles
from schools_platform.home.demo import seed_site
from schools_platform.registry.services import grant_school_access
from tests.cpd_network.conftest import (  # noqa: F401 - fixtures used by name
    checklist,
    cohort,
    facilitator,
    heads,
    item,
    join,
    lead,
    learning_set,
    sessions,
)
from tests.factories import PASSWORD, make_user

from .conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _sign_in_as(page, username):
    page.context.clear_cookies()
    sign_in(page, username, PASSWORD)


def test_apply_write_moderate_and_find_from_the_review(  # noqa: F811
    page, lead, heads, cohort, learning_set, checklist, item, school_a, officer
):
    # The site and its home page, as a real install has them: a live-server test before this
    # one may have flushed the Wagtail site, and case studies are published under its home.
    seed_site()
    make_user(roles.SCHOOL_LEADER, username="hana", first_name="Hana", last_name="Ali")
    peer = make_user(roles.SCHOOL_LEADER, username="peer", first_name="Pat", last_name="Reid")
    grant_school_access(actor=officer, user=peer, school=school_a)
    join(peer, heads, lead, cohort=cohort)
    review = policy_services.start_review(
        actor=peer, school=school_a, version=checklist, kind="behaviour"
    )

    # The headteacher applies.
    _sign_in_as(page, "hana")
    page.goto("/training/network/")
    assert_accessible(page)
    page.get_by_role("link", name="Apply to join").click()
    assert_accessible(page)
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_text("Tell us why you want to join.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Which network do you want to join?").select_option(label=heads.title)
    page.get_by_label("Your role").select_option(label="Headteacher")
    page.get_by_label("Why do you want to join?").fill("To learn what works from other heads.")
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_text("Your application is sent.")).to_be_visible()
    assert_accessible(page)

    # The programme lead approves her with a message.
    _sign_in_as(page, "lead")
    page.goto("/training/network/applications/")
    assert_accessible(page)
    page.get_by_role("link", name="Hana Ali").click()
    assert_accessible(page)
    page.get_by_label("Decision").select_option("approve")
    page.get_by_label("Cohort").select_option(label="Cohort 1")
    page.get_by_label("Message to the applicant").fill("Welcome, Hana.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("The decision is recorded")).to_be_visible()

    # She writes a case study tied to the checklist item.
    _sign_in_as(page, "hana")
    page.goto("/training/network/")
    expect(page.get_by_text("Cohort 1").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Write a case study").first.click()
    assert_accessible(page)
    page.get_by_role("button", name="Send to a moderator").click()
    expect(page.get_by_text("Enter the context.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Title").fill("Pupils rewrote how incidents are reported")
    page.get_by_label("Phase").select_option(label="Primary")
    page.get_by_label("Theme").select_option(label="Responding to racist incidents")
    page.get_by_label("Context", exact=True).fill("Racist remarks went unreported.")
    page.get_by_label("What we did").fill("A pupil panel redesigned the reporting steps.")
    page.get_by_label("Impact and evidence").fill("Recorded incidents rose, then fell.")
    page.get_by_label("What we learned").fill("Start with the pupils most affected.")
    page.get_by_label("Contact", exact=True).fill("Headteacher, hana@example.org")
    page.get_by_label(str(item)).check()
    page.get_by_label("Everyone (public)").check()
    page.get_by_role("button", name="Send to a moderator").click()
    expect(page.get_by_text("Waiting for a moderator")).to_be_visible()
    assert_accessible(page)

    # The moderator approves it.
    _sign_in_as(page, "lead")
    page.goto("/training/network/moderation/")
    assert_accessible(page)
    page.get_by_role("link", name="Pupils rewrote how incidents are reported").click()
    assert_accessible(page)
    page.get_by_label("Decision").select_option("approve")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Your decision is recorded")).to_be_visible()
    assert CaseStudyPage.objects.get().live

    # Another member, reviewing her school's policy, follows the item to the case study.
    _sign_in_as(page, "peer")
    section = item.section.code
    page.goto(f"/policies/reviews/{review.pk}/sections/{section}/")
    page.get_by_role("link", name=f"What other schools did on {item.code}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What other schools did")
    assert_accessible(page)
    page.get_by_role("link", name="Pupils rewrote how incidents are reported").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Pupils rewrote how incidents are reported"
    )
    assert_accessible(page)

    # The same member searches the case studies by word and phase.
    page.goto("/training/network/case-studies/?q=pupil&phase=primary")
    expect(
        page.get_by_role("link", name="Pupils rewrote how incidents are reported")
    ).to_be_visible()
    assert_accessible(page)
