"""A school leader reviews a policy section by section and submits it; the race equalities
officer returns it with a comment; the school sees the comment. axe on every page."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from policies.models import Review
from schools_platform.core import roles
from schools_platform.registry.services import grant_school_access
from tests.factories import PASSWORD, make_authority, make_school, make_user
from tests.policies.conftest import build_version

from .conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _rate_section(page, rating: str) -> None:
    radios = page.get_by_role("radio", name=rating)
    # .all() does not wait: on a busy machine it read the page before the section had loaded
    # and checked nothing. Wait for the section's first item first.
    expect(radios.first).to_be_visible()
    for radio in radios.all():
        radio.check()


def test_leader_submits_and_officer_returns_with_a_comment(page):
    officer = make_user(roles.COUNCIL_OFFICER, username="officer1")
    equalities = make_user(roles.RACE_EQUALITIES_OFFICER, username="equalities1")
    second = make_user(roles.RACE_EQUALITIES_OFFICER, username="equalities2")
    leader = make_user(roles.SCHOOL_LEADER, username="head1")
    school = make_school(make_authority(la_code="931", name="Eastshire"), name="Rowan Primary")
    grant_school_access(actor=officer, user=leader, school=school)
    build_version(equalities, second)

    sign_in(page, "head1", PASSWORD)
    page.goto("/policies/")
    assert_accessible(page)
    page.get_by_label("What are you reviewing?").select_option("behaviour")
    page.get_by_role("button", name="Start the review").click()
    assert_accessible(page)
    review = Review.objects.get(school=school)

    page.get_by_role("link", name="A. Section A").click()
    # Not applicable without a reason: the error summary names the item.
    page.get_by_role("radio", name="Not applicable").first.check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(page.get_by_text("A1: say why this item does not apply").first).to_be_visible()
    assert_accessible(page)
    # Keyboard only for the first item's rating.
    page.get_by_role("radio", name="Not started").first.focus()
    page.keyboard.press("ArrowDown")  # radios move with the arrow keys: Developing
    assert page.get_by_role("radio", name="Developing").first.is_checked()
    _rate_section(page, "Embedded")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url("**/sections/B/")
    assert_accessible(page)
    _rate_section(page, "Developing")
    page.get_by_role("button", name="Save and return to the review").click()
    expect(page.get_by_text("4 of 4 items rated")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Submitted", exact=True).first).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, "equalities1", PASSWORD)
    page.goto("/policies/officer/")
    assert_accessible(page)
    page.get_by_role("link", name="Behaviour").click()
    assert_accessible(page)
    page.get_by_label("Assign a reviewer").select_option(label="equalities1")
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(page.get_by_text("equalities1 assigned to this review.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Comment on B2").fill("Give the date governors agreed this.")
    page.get_by_role("button", name="Add comment on B2").click()
    page.get_by_label("Message to the school").fill("Nearly there: see B2.")
    page.get_by_role("button", name="Request changes").click()
    page.wait_for_url("**/policies/officer/")
    review.refresh_from_db()
    assert review.status == Review.Status.CHANGES_REQUESTED

    page.context.clear_cookies()
    sign_in(page, "head1", PASSWORD)
    page.goto(f"/policies/reviews/{review.pk}/")
    expect(page.get_by_text("Nearly there: see B2.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="B. Section B").click()
    expect(page.get_by_text("Give the date governors agreed this.").first).to_be_visible()
    assert_accessible(page)

    # The school answers the comment and resubmits; the reviewer approves.
    page.get_by_label("Reply to the reviewer on B2").fill("Agreed by governors on 1 May.")
    page.get_by_role("button", name="Send reply on B2").click()
    page.goto(f"/policies/reviews/{review.pk}/")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Submitted", exact=True).first).to_be_visible()
    review.refresh_from_db()
    assert review.round == 2 and review.status == Review.Status.SUBMITTED

    page.context.clear_cookies()
    sign_in(page, "equalities1", PASSWORD)
    page.goto(f"/policies/officer/reviews/{review.pk}/")
    expect(page.get_by_text("Agreed by governors on 1 May.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Approve").click()
    page.wait_for_url("**/policies/officer/")
    review.refresh_from_db()
    assert review.status == Review.Status.APPROVED
    # What changed between the two rounds, and the printable review.
    page.goto(f"/policies/reviews/{review.pk}/compare/")
    expect(page.get_by_text("Agreed by governors on 1 May.").first).to_be_visible()
    assert_accessible(page)
    page.goto(f"/policies/reviews/{review.pk}/print/")
    expect(page.get_by_text("Rowan Primary").first).to_be_visible()
    assert_accessible(page)

    # The officer reads the gap analysis and follows a trend figure to its schools.
    page.goto("/policies/officer/gaps/")
    assert_accessible(page)
    page.get_by_role("link", name="schools submitting", exact=False).first.click()
    expect(page.get_by_role("heading", name="Schools submitting")).to_be_visible()
    assert "/policies/officer/gaps/schools/" in page.url
    expect(page.get_by_role("link", name="Rowan Primary")).to_be_visible()
    assert_accessible(page)


def test_a_leader_invites_a_colleague_who_helps_and_the_pdf_downloads(page):
    officer = make_user(roles.COUNCIL_OFFICER, username="officer1")
    equalities = make_user(roles.RACE_EQUALITIES_OFFICER, username="equalities1")
    second = make_user(roles.RACE_EQUALITIES_OFFICER, username="equalities2")
    leader = make_user(roles.SCHOOL_LEADER, username="head1")
    make_user(username="teacher1", email="teacher1@rowan.example")
    school = make_school(make_authority(la_code="931", name="Eastshire"), name="Rowan Primary")
    grant_school_access(actor=officer, user=leader, school=school)
    version = build_version(equalities, second)
    from policies import services

    review = services.start_review(actor=leader, school=school, version=version, kind="uniform")

    sign_in(page, "head1", PASSWORD)
    page.goto(f"/policies/reviews/{review.pk}/")
    page.get_by_role("link", name="Invite a colleague to help").click()
    page.wait_for_url("**/invite/")
    assert urlsplit(page.url).path == f"/policies/reviews/{review.pk}/invite/"
    assert_accessible(page)
    page.get_by_role("button", name="Send the invitation").click()  # empty: an error
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Your colleague's e-mail address").fill("teacher1@rowan.example")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("Invitation sent to teacher1@rowan.example")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/policies/reviews/{review.pk}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")

    token = review.invitations.get().token
    page.context.clear_cookies()
    sign_in(page, "teacher1", PASSWORD)
    page.goto(f"/policies/invitations/{token}/")
    assert_accessible(page)
    page.get_by_role("button", name="Accept the invitation").click()
    expect(page.get_by_text("You can now help answer")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="A. Section A").click()
    _rate_section(page, "Embedded")
    page.get_by_role("button", name="Save and return to the review").click()
    expect(page.get_by_text("2 of 4 items rated")).to_be_visible()
    assert page.get_by_role("button", name="Submit for review").count() == 0


def test_the_officer_reads_completion_and_follows_a_figure(page):
    from policies import services

    officer = make_user(roles.COUNCIL_OFFICER, username="officer1")
    equalities = make_user(roles.RACE_EQUALITIES_OFFICER, username="equalities1")
    second = make_user(roles.RACE_EQUALITIES_OFFICER, username="equalities2")
    leader = make_user(roles.SCHOOL_LEADER, username="head1")
    east = make_authority(la_code="931", name="Eastshire")
    rowan = make_school(east, name="Rowan Primary", area="North")
    make_school(east, name="Hazel High", phase="Secondary", area="South")
    grant_school_access(actor=officer, user=leader, school=rowan)
    version = build_version(equalities, second)
    services.start_review(actor=leader, school=rowan, version=version, kind="behaviour")

    # The live server's first page can take longer than the default 15 s on a busy machine.
    page.goto("/accounts/login/", timeout=90_000)
    sign_in(page, "equalities1", PASSWORD)
    page.goto("/policies/officer/")
    page.get_by_role("link", name="Completion by school, council, phase and area").click()
    expect(page.get_by_role("heading", name="Policy review completion")).to_be_visible()
    assert urlsplit(page.url).path == "/policies/officer/completion/"
    assert_accessible(page)
    page.get_by_label("Show by").select_option("phase")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("rowheader", name="Secondary")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="schools with no review, Secondary").click()
    expect(page.get_by_role("heading", name="Schools with no review")).to_be_visible()
    expect(page.get_by_role("link", name="Hazel High")).to_be_visible()
    expect(page.get_by_role("link", name="Rowan Primary")).to_have_count(0)
    assert_accessible(page)
