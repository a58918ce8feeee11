"""CPD in the browser (axe on the training pages): a programme lead imports a staff list with
a bad row (named, nothing written), then a good one; enrols the whole organisation in the
background with the bulk enrolment page and reads its result; reads the completion report
with its tables by ethnic group."""

import pytest
from playwright.sync_api import expect

from cpd.models import Enrolment, Learner
from tests.cpd.conftest import (  # noqa: F401 - fixtures used by name
    halton,
    lead,
    phase,
    places,
    programme,
    wirral,
)
from tests.factories import PASSWORD
from tests.imports.helpers import csv_bytes

from .conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
HEADER = [
    "Organisation",
    "Employee number",
    "Name",
    "Work email",
    "Manager",
    "Start date",
    "Leaving date",
]


def test_lead_imports_staff_enrols_them_in_bulk_and_reads_the_report(
    page,
    tmp_path,
    lead,  # noqa: F811
    halton,  # noqa: F811
    phase,  # noqa: F811
    places,  # noqa: F811
):
    bad = tmp_path / "staff-bad.csv"
    bad.write_bytes(
        csv_bytes(
            [
                HEADER,
                [
                    "Halton Council",
                    "1",
                    "Ann Lee",
                    "ann@halton.example.org",
                    "No",
                    "01/04/2020",
                    "",
                ],
                ["Halton Council", "2", "Bob Roy", "", "Maybe", "01/04/2020", ""],
            ]
        )
    )
    good = tmp_path / "staff.csv"
    good.write_bytes(
        csv_bytes(
            [HEADER]
            + [
                ["Halton Council", str(n), f"Person {n}", "", "No", "01/04/2020", ""]
                for n in range(1, 5)
            ]
        )
    )
    sign_in(page, "lead", PASSWORD)
    page.goto("/admin/imports/cpd-staff/")
    page.set_input_files("input[type=file]", bad)
    with page.expect_navigation():
        page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", name="Rows with problems")).to_be_visible()
    assert "'Maybe' is not Yes or No" in page.get_by_role("table").last.inner_text()
    assert page.get_by_role("button", name="Confirm and import").count() == 0
    assert not Learner.objects.exists()

    page.goto("/admin/imports/cpd-staff/")
    page.set_input_files("input[type=file]", good)
    with page.expect_navigation():
        page.get_by_role("button", name="Upload and check").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm and import").click()
    assert Learner.objects.count() == 4

    # Halton has 2 places: the bulk enrolment gives them to the first two by name.
    page.goto("/training/bulk/")
    assert_accessible(page)
    page.get_by_role("button", name="Start the enrolment").click()
    expect(page.get_by_text("Choose the organisation whose staff to enrol.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Organisation").select_option(label="Halton Council")
    page.get_by_label("Phase").select_option(label="Race equality training: Phase 1")
    page.get_by_role("button", name="Start the enrolment").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bulk enrolment of Halton")
    expect(page.get_by_text("Result: 4 of 4 people")).to_be_visible()
    assert_accessible(page)
    assert Enrolment.objects.filter(status="enrolled").count() == 2
    assert Enrolment.objects.filter(status="waiting").count() == 2

    page.goto("/training/report/")
    expect(
        page.get_by_role("heading", name="Completion by module and ethnic group")
    ).to_be_visible()
    assert_accessible(page)
