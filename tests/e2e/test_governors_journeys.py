"""Governors module journeys in Chromium, axe-core on every page (issue 8)."""

import datetime

import pytest
from django.utils import timezone

from governors.choices import Category
from tests.factories import PASSWORD
from tests.governors.conftest import appoint, make_board

from .conftest import assert_accessible, sign_in

# serialized_rollback: flushing between live-server tests would drop Wagtail's root page.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def clerk_board(officer, school_a):
    from schools_platform.core import roles
    from schools_platform.registry.services import grant_school_access
    from tests.factories import make_user

    clerk = make_user(roles.CLERK_TO_GOVERNORS, username="clerk_a")
    grant_school_access(actor=officer, user=clerk, school=school_a)
    board = make_board(officer, [school_a])
    appoint(
        officer,
        board,
        Category.PARENT,
        starts_on=timezone.localdate() - datetime.timedelta(days=20),
    )
    return board


def test_a_clerk_records_a_new_term_and_the_vacancy_disappears(page, clerk_board):
    sign_in(page, "clerk_a", PASSWORD)
    page.goto(f"/governors/boards/{clerk_board.pk}/")
    assert "1 serving of 9 seats; 8 vacant" in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="Record a new term").click()
    assert_accessible(page)
    today = timezone.localdate()
    page.get_by_label("First name").fill("Lina")
    page.get_by_label("Last name").fill("Ashworth")
    page.get_by_label("Category").select_option("local_authority")
    page.get_by_label("Appointing body").select_option("nominated_by_la")
    page.get_by_label("Date of appointment").fill(today.strftime("%d/%m/%Y"))
    page.get_by_label("Date the term ends").fill(
        (today + datetime.timedelta(days=1000)).strftime("%d/%m/%Y")
    )
    page.get_by_label("Is the person paid to work at the school?").select_option("no")
    page.get_by_label("Is the person aged 18 or over?").select_option("yes")
    page.get_by_label("Is the person a registered pupil at the school?").select_option("no")
    page.get_by_label("Does any other disqualification apply").select_option("no")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the term").click()
    assert "2 serving of 9 seats; 7 vacant" in page.content()
    assert "Lina Ashworth" in page.content()
    assert_accessible(page)


def test_a_clerk_reads_why_three_parents_of_six_is_refused(page, clerk_board):
    sign_in(page, "clerk_a", PASSWORD)
    page.goto(f"/governors/boards/{clerk_board.pk}/instrument/")
    assert_accessible(page)
    page.get_by_label("Date this version takes effect").fill("1/9/2027")
    page.get_by_label("Co-opted: seats").fill("0")
    with page.expect_navigation():
        page.get_by_role("button", name="Save this version").click()
    summary = page.locator(".govuk-error-summary")
    assert "at least 7 governors; this has 6" in summary.inner_text()
    assert "reg 13" in summary.inner_text()
    assert page.title().startswith("Error:")
    assert_accessible(page)


def test_a_visitor_opens_the_public_governance_page(page, clerk_board, school_a):
    page.goto(f"/governors/schools/{school_a.urn}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Governance"
    assert "Ada Lovelace" in page.get_by_role("table").inner_text()
    assert_accessible(page)


def test_an_officer_opens_the_compliance_dashboard(page, clerk_board):
    sign_in(page, "officer", PASSWORD)
    page.goto("/admin/governors/compliance/")
    assert page.get_by_role("heading", name="Governance compliance").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="8 of 9 seats", exact=False).first.click()
    assert page.url.endswith("#vacancies")
    page.goto("/governors/reconciliation/")
    assert page.get_by_role("heading", level=1).is_visible()
    assert_accessible(page)


def test_a_clerk_opens_the_checks_and_training_due(page, clerk_board):
    sign_in(page, "clerk_a", PASSWORD)
    page.goto("/governors/")
    assert clerk_board.name in page.get_by_role("main").inner_text()
    assert_accessible(page)
    page.goto(f"/governors/boards/{clerk_board.pk}/")
    page.get_by_role("link", name="Checks and training due or overdue").click()
    assert "/governors/checks-due/" in page.url
    table = page.get_by_role("table").inner_text()
    assert "Ada Lovelace" in table and "No enhanced DBS certificate" in table
    assert_accessible(page)
