"""Governor recruitment in Chromium, axe-core on every page (issue 12): a visitor finds a
vacancy by area and applies, with and without monitoring answers."""

from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from governors.recruitment.models import Application, HeardAboutOption
from schools_platform.equality.models import EqualityProfile
from tests.governor_recruitment.conftest import publish
from tests.governors.conftest import make_board

from .conftest import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def listing(officer, school_a, school_b):
    school_a.area = "Riverside"
    school_a.save()
    HeardAboutOption.objects.create(label="A friend or colleague")
    make_board(officer, [school_b])
    return publish(officer, make_board(officer, [school_a]), title="Co-opted governor, Alder")


def _find_and_open(page):
    """Find the vacancy by area, open it and its form; the pages put through axe, by URL."""
    checked = []
    page.goto("/governors/recruitment/")
    assert_accessible(page)
    page.get_by_label("Area").select_option("Riverside")
    page.get_by_role("button", name="Apply filters").click()
    link = page.get_by_role("link", name="Co-opted governor, Alder")
    expect(link).to_be_visible()
    link.click()
    expect(page.get_by_role("heading", name="Co-opted governor, Alder")).to_be_visible()
    assert_accessible(page)
    checked.append(urlsplit(page.url).path)
    page.get_by_role("button", name="Apply for this vacancy").click()
    expect(page.get_by_role("heading", name="Apply: Co-opted governor, Alder")).to_be_visible()
    assert_accessible(page)
    checked.append(urlsplit(page.url).path)
    return checked


def _fill(page, email):
    page.get_by_label("First name").fill("Grace")
    page.get_by_label("Last name").fill("Hopper")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Where did you hear about this role?").select_option(
        label="A friend or colleague"
    )


def test_visitor_finds_a_vacancy_by_area_and_applies_with_monitoring(page, listing):
    # The vacancy's page and its form, reached by clicking, were the ones put through axe.
    assert _find_and_open(page) == [
        reverse("governor_recruitment:listing-detail", args=[listing.pk]),
        reverse("governor_recruitment:apply", args=[listing.pk]),
    ]
    page.get_by_role("button", name="Send application").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    _fill(page, "grace@example.org")
    page.get_by_role("radio", name="Caribbean", exact=True).check()
    page.locator("input[name='equality-consent']").check()
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_role("heading", name="Application sent")).to_be_visible()
    assert_accessible(page)
    assert Application.objects.get().listing == listing
    assert EqualityProfile.objects.get().ethnicity == "black_caribbean"


def test_visitor_applies_without_monitoring(page, listing):
    _find_and_open(page)
    _fill(page, "ada@example.org")
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_role("heading", name="Application sent")).to_be_visible()
    assert Application.objects.count() == 1
    assert EqualityProfile.objects.count() == 0
