"""Governor recruitment in Chromium with axe-core on every page (issue 12), by keyboard:

- a visitor starts an application, saves it, follows the link e-mailed to them (read from
  the test mail outbox), finishes it, signs in by an e-mailed link, sees its status on their
  own page and withdraws it;
- an officer appoints a nominated applicant and the vacancy leaves the public listing, then
  reads the funnel by source and by ethnic group;
- a clerk invites the board's governors to give monitoring answers, and a governor answers
  by the link in the e-mail.
"""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from playwright.sync_api import expect

from governors.choices import Category
from governors.models import Governor
from governors.recruitment import services
from governors.recruitment.models import Application, HeardAboutOption, Stage
from schools_platform.core import roles
from schools_platform.equality.models import EqualityProfile
from schools_platform.registry.services import grant_school_access
from schools_platform.representation.models import GroupMembership
from tests.factories import PASSWORD, make_user
from tests.governor_recruitment.conftest import DETAILS, advance, publish
from tests.governors.conftest import appoint, make_board

from .conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
TITLE = "Co-opted governor, Alder"


@pytest.fixture
def board(officer, school_a):
    school_a.area = "Riverside"
    school_a.save()
    HeardAboutOption.objects.create(label="A friend or colleague")
    return make_board(officer, [school_a])


@pytest.fixture
def listing(officer, board):
    return publish(officer, board, title=TITLE)


def _type(page, label: str, text: str) -> None:
    page.get_by_label(label, exact=True).focus()
    page.keyboard.type(text)


def _press(page, button: str) -> None:
    page.get_by_role("button", name=button).focus()
    page.keyboard.press("Enter")


def _mailed_path(mailoutbox, address: str, prefix: str) -> str:
    message = [m for m in mailoutbox if address in m.to][-1]
    return re.search(rf"({re.escape(prefix)}[\w-]+/)", message.body).group(1)


def test_save_return_finish_see_status_and_withdraw(page, listing, mailoutbox):
    page.goto(f"/governors/recruitment/vacancies/{listing.pk}/apply/")
    assert_accessible(page)
    # The first Tab reaches the skip link: the form is used from the keyboard.
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text(re.compile("Skip to main content"))
    _type(page, "First name", "Grace")
    _type(page, "Email address", "grace@example.org")
    _press(page, "Save and come back later")
    expect(page.get_by_role("heading", name="Your application is saved")).to_be_visible()
    assert_accessible(page)
    assert not Application.objects.exists()

    page.goto(_mailed_path(mailoutbox, "grace@example.org", "/governors/recruitment/resume/"))
    expect(page.get_by_text("Welcome back")).to_be_visible()
    expect(page.get_by_label("First name", exact=True)).to_have_value("Grace")
    assert_accessible(page)
    _type(page, "Last name", "Hopper")
    page.get_by_label("Where did you hear about this role?").focus()
    page.keyboard.press("ArrowDown")  # the first answer on the council's list
    _press(page, "Send application")
    expect(page.get_by_role("heading", name="Application sent")).to_be_visible()
    assert_accessible(page)
    application = Application.objects.get()
    assert application.listing == listing and application.heard_about is not None

    page.goto("/governors/recruitment/sign-in/")
    assert_accessible(page)
    _type(page, "Email address", "grace@example.org")
    _press(page, "Send me a link")
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    assert_accessible(page)
    page.goto(_mailed_path(mailoutbox, "grace@example.org", "/governors/recruitment/sign-in/"))
    expect(page.get_by_role("heading", name="Your governor applications")).to_be_visible()
    row = page.get_by_role("row", name=re.compile(application.reference))
    expect(row).to_contain_text("Applied")
    assert_accessible(page)
    _press(page, f"Withdraw application {application.reference}")
    expect(page.get_by_text(f"Application {application.reference} was withdrawn.")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(application.reference))).to_contain_text(
        "Withdrawn"
    )
    assert_accessible(page)
    application.refresh_from_db()
    assert application.stage == Stage.WITHDRAWN


def test_officer_appoints_and_the_vacancy_leaves_the_listing_then_reads_the_funnels(
    page, officer, listing
):
    application = services.apply(
        actor=AnonymousUser(),
        listing=listing,
        details=DETAILS,
        heard_about=HeardAboutOption.objects.get(),
        monitoring={"answers": {"ethnicity": "black_african"}, "consent_wording": "I agree."},
    )
    advance(officer, application)
    sign_in(page, "officer", PASSWORD)
    page.goto(f"/governors/recruitment/applications/{application.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Appoint and record the term of office").click()
    assert_accessible(page)
    page.get_by_label("Appointing body").select_option(label="Appointed by GB/board")
    today = timezone.localdate()
    page.get_by_label("Date of appointment").fill(f"{today.day}/{today.month}/{today.year}")
    page.get_by_label("Is the person paid to work at the school?").select_option("no")
    page.get_by_label("Is the person aged 18 or over?").select_option("yes")
    for question in (
        "Is the person a registered pupil at the school?",
        "Is the person an elected member of the local authority?",
        "Has the person been paid to work at the school",
        "Does any other disqualification apply",
    ):
        page.get_by_label(re.compile(re.escape(question))).select_option("no")
    _press(page, "Appoint and record the term")
    expect(page.get_by_text("The applicant was appointed and the term recorded.")).to_be_visible()
    assert_accessible(page)
    application.refresh_from_db()
    assert application.stage == Stage.APPOINTED and application.term is not None
    page.goto("/governors/recruitment/")
    expect(page.get_by_role("link", name=TITLE)).to_have_count(0)
    assert_accessible(page)
    page.goto("/governors/recruitment/campaigns/report/")
    expect(page.get_by_role("table", name=re.compile("^By source"))).to_contain_text(
        "A friend or colleague"
    )
    assert_accessible(page)
    page.goto("/governors/recruitment/funnel/")
    heading = page.get_by_role("heading", name=re.compile("Serving governors against"))
    expect(heading).to_be_visible()
    assert_accessible(page)


def test_clerk_invites_governors_and_one_answers_by_the_emailed_link(
    page, officer, board, school_a, mailoutbox
):
    term = appoint(officer, board, Category.CO_OPTED, first="Ivy", last="Quennell")
    Governor.objects.filter(pk=term.governor_id).update(email="ivy@example.org")
    clerk = make_user(roles.CLERK_TO_GOVERNORS, username="govclerk")
    grant_school_access(actor=officer, user=clerk, school=school_a)
    sign_in(page, "govclerk", PASSWORD)
    page.goto("/dashboard/")
    page.get_by_role("link", name=re.compile("invite its governors")).click()
    expect(page.get_by_text("1 governor will be invited.")).to_be_visible()
    assert_accessible(page)
    _press(page, "Send the invitations")
    expect(page.get_by_text("1 governor invited by e-mail.")).to_be_visible()
    page.context.clear_cookies()

    page.goto(_mailed_path(mailoutbox, "ivy@example.org", "/governors/recruitment/monitoring/"))
    expect(page.get_by_role("heading", name="Equality monitoring for governors")).to_be_visible()
    assert_accessible(page)
    _press(page, "Save my answers")  # nothing answered yet: the error summary says so
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("radio", name="Caribbean", exact=True).focus()
    page.keyboard.press("Space")
    page.locator("input[name='equality-consent']").focus()
    page.keyboard.press("Space")
    _press(page, "Save my answers")
    expect(page.get_by_role("heading", name="Your answers have been saved")).to_be_visible()
    assert_accessible(page)
    profile = EqualityProfile.objects.get(purpose="serving_governor")
    assert profile.ethnicity == "black_caribbean" and profile.user.email == "ivy@example.org"
    # The board make-up was refreshed after the answers were committed.
    members = GroupMembership.objects.filter(
        group=services.SERVING_GROUP, year=timezone.localdate().year
    )
    assert members.count() == 1 and members.get().profile == profile
