"""A board's clerk publishes a vacancy from the board's page and closes it, in Chromium with
axe-core on every page (issue 12): from the board page to its vacancies, the publish form
(its error summary first), the public listing, the change form and the confirmation before
closing; then an officer moves an application in the Wagtail admin and reads the trend."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from playwright.sync_api import expect

from governors.recruitment import services
from governors.recruitment.models import HeardAboutOption, Stage, VacancyListing
from schools_platform.core import roles
from schools_platform.registry.services import grant_school_access
from tests.factories import PASSWORD, make_user
from tests.governor_recruitment.builders import add_applications
from tests.governor_recruitment.conftest import DETAILS, publish
from tests.governors.conftest import make_board

from .conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
TITLE = "Co-opted governor with finance skills"


@pytest.fixture
def board(officer, school_a):
    return make_board(officer, [school_a], name="Alder Primary governing board")


def test_clerk_publishes_changes_and_closes_a_vacancy(page, officer, board, school_a):
    clerk = make_user(roles.CLERK_TO_GOVERNORS, username="govclerk")
    grant_school_access(actor=officer, user=clerk, school=school_a)
    sign_in(page, "govclerk", PASSWORD)
    page.goto(reverse("governors:board-detail", args=[board.pk]))
    page.get_by_role("link", name="Vacancies: publish, change or close").click()
    expect(page.get_by_role("heading", name="Vacancies", exact=True)).to_be_visible()
    assert_accessible(page)
    assert page.url.endswith(reverse("governor_recruitment:board-vacancies", args=[board.pk]))
    page.get_by_role("link", name="Publish a co-opted vacancy").click()
    expect(page.get_by_role("heading", name="Publish a vacancy")).to_be_visible()
    assert_accessible(page)
    assert reverse("governor_recruitment:publish", args=[board.pk]) in page.url
    page.get_by_role("button", name="Publish the vacancy").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a title for the vacancy")
    expect(summary).to_contain_text("Enter a description of the role")
    assert_accessible(page)
    assert not VacancyListing.objects.exists()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("About the role").fill("Help the board keep its budget honest.")
    page.get_by_label("Skills sought (optional)").fill("finance, audit")
    page.get_by_label("Weekday evenings").check()
    page.get_by_role("button", name="Publish the vacancy").click()
    expect(
        page.get_by_text("is published: it is on the public vacancy listing now")
    ).to_be_visible()
    listing = VacancyListing.objects.get()
    assert listing.skills_sought == ["finance", "audit"]

    page.goto(reverse("governor_recruitment:listings"))
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()

    page.goto(reverse("governor_recruitment:board-vacancies", args=[board.pk]))
    page.get_by_role("link", name=f"Change {TITLE}").click()
    assert_accessible(page)
    assert page.url.endswith(reverse("governor_recruitment:edit-listing", args=[listing.pk]))
    page.get_by_label("Title").fill(TITLE + " (evenings)")
    page.get_by_role("button", name="Save the changes").click()
    expect(page.get_by_text("The vacancy was changed.")).to_be_visible()

    page.get_by_role("link", name=f"Close {TITLE} (evenings)").click()
    expect(page.get_by_role("button", name="Close the vacancy")).to_be_visible()
    assert_accessible(page)
    assert page.url.endswith(reverse("governor_recruitment:close-listing", args=[listing.pk]))
    page.get_by_role("button", name="Close the vacancy").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("is closed and off the public listing")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Closed \d"))).to_be_visible()
    page.goto(reverse("governor_recruitment:listings"))
    expect(
        page.get_by_role("link", name=re.compile("Co-opted governor with finance"))
    ).to_have_count(0)


def test_officer_moves_an_application_in_the_admin_and_reads_the_trend(page, officer, board):
    heard = HeardAboutOption.objects.create(label="A friend or colleague")
    listing = publish(officer, board, title="Co-opted governor, Alder")
    application = services.apply(
        actor=AnonymousUser(), listing=listing, details=DETAILS, heard_about=heard
    )
    add_applications(year=2024, stage=Stage.APPOINTED, heard=heard, white_british=30)
    add_applications(year=2025, stage=Stage.DECLINED, heard=heard, black_african=30)
    sign_in(page, "officer", PASSWORD)
    page.goto(f"/admin/governors/recruitment/applications/edit/{application.pk}/")
    page.get_by_label("Move to").select_option(label="Screened")
    page.get_by_label("Note").fill("Strong finance background")
    page.get_by_role("button", name="Save").click()
    expect(
        page.get_by_text(f"Application {application.reference} moved to screened.")
    ).to_be_visible()
    application.refresh_from_db()
    assert application.stage == Stage.SCREENED
    for url, chart in (
        (reverse("governor_recruitment:funnel"), "#funnel-trend-chart-0"),
        (reverse("governor_recruitment:campaign-report"), "#sources-trend-chart"),
    ):
        page.goto(url)
        expect(page.get_by_role("heading", name="Trend by year")).to_be_visible()
        expect(page.locator(f"{chart}-title")).to_have_count(1)
        assert_accessible(page)
