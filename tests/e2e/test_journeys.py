import pytest
from playwright.sync_api import expect

from schools_platform.home.demo import seed_site
from tests.factories import PASSWORD

from .conftest import assert_accessible, sign_in

# serialized_rollback: flushing between live-server tests would drop Wagtail's root page.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_visitor_opens_the_home_page(page):
    seed_site()
    page.goto("/")
    assert page.get_by_role("heading", level=1).inner_text() == "Schools equity platform"
    # GOV.UK Frontend's JavaScript only starts when this class is set on <body>.
    assert "govuk-frontend-supported" in page.locator("body").get_attribute("class")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement")
    assert_accessible(page)
    page.get_by_role("link", name="Accessibility statement").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Accessibility statement"
    assert_accessible(page)
    page.goto("/guidance-and-resources/")
    assert_accessible(page)


def test_school_leader_signs_in_and_sees_only_their_school(page, leader_a, school_a, school_b):
    page.goto("/accounts/login/")
    assert_accessible(page)
    sign_in(page, "leader_a", "not-the-password")
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)

    sign_in(page, "leader_a", PASSWORD)
    assert page.get_by_role("heading", level=1).inner_text() == "Your dashboard"
    assert_accessible(page)

    page.get_by_role("link", name="Schools", exact=True).click()
    table = page.get_by_role("table")
    assert school_a.name in table.inner_text()
    assert school_b.name not in page.content()
    assert_accessible(page)

    page.get_by_role("link", name=school_a.name).click()
    assert page.get_by_role("heading", level=1).inner_text() == school_a.name
    assert_accessible(page)

    response = page.goto(f"/schools/{school_b.urn}/")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    assert_accessible(page)


def test_officer_reads_the_representation_report_with_chart_and_table(page):
    import random

    from schools_platform.core import roles
    from schools_platform.representation.demo import seed_representation
    from tests.factories import make_authority, make_school, make_user

    make_user(roles.COUNCIL_OFFICER, username="officer1")
    authority = make_authority(la_code="991", name="Ashdown")
    schools = [make_school(authority, name=f"School {n}") for n in range(12)]
    seed_representation(
        rng=random.Random(1), authorities=[authority], schools=schools, years=[2024, 2025]
    )
    sign_in(page, "officer1", PASSWORD)
    page.goto("/representation/")
    assert page.get_by_role("heading", level=1).inner_text() == "Representation"
    # Every chart is an image with a name, and a table with the same figures sits beside it.
    charts = page.locator("svg[role=img]")
    assert charts.count() >= 1
    assert charts.first.get_attribute("aria-labelledby") or charts.first.get_attribute("aria-label")
    assert page.get_by_role("table").count() >= 2
    assert_accessible(page)
    page.goto("/representation/?scope=council:991")
    assert_accessible(page)
