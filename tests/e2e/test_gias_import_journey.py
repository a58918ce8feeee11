from pathlib import Path

import pytest
from playwright.sync_api import expect

from schools_platform.core import roles
from schools_platform.registry.models import School
from tests.factories import PASSWORD, make_user

from .conftest import sign_in

# serialized_rollback: flushing between live-server tests would drop Wagtail's root page.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DATA = Path(__file__).resolve().parents[1] / "data"


def test_officer_imports_a_gias_extract_and_sees_the_schools(page):
    make_user(roles.COUNCIL_OFFICER, username="officer1")
    sign_in(page, "officer1", PASSWORD)

    # A file with one bad row: the check names the row, and nothing is written.
    page.goto("/admin/imports/gias/")
    page.set_input_files("input[type=file]", DATA / "gias_extract_bad_row.csv")
    with page.expect_navigation():
        page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", name="Rows with problems")).to_be_visible()
    problems = page.get_by_role("table").last.inner_text()
    assert "4\tOpenDate\t'31-02-1998' is not a date" in problems
    assert page.get_by_role("button", name="Confirm and import").count() == 0
    assert School.objects.count() == 0

    # The Windows-1252 extract with accented and curly-quoted names.
    page.goto("/admin/imports/gias/")
    page.set_input_files("input[type=file]", DATA / "gias_extract.csv")
    with page.expect_navigation():
        page.get_by_role("button", name="Upload and check").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm and import").click()
    assert School.objects.count() == 8

    page.goto("/admin/schools/")
    listing = page.locator("table").first.inner_text()
    for name in [
        "St Mary’s Catholic Primary School",
        "École Française de Testville",
        "“Little Acorns” Nursery & Primary",
    ]:
        assert name in listing

    # The member-facing list shows them too, with the names intact.
    page.goto("/schools/?q=Fran")
    assert "École Française de Testville" in page.get_by_role("table").inner_text()
