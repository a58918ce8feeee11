"""Staff lists through the import pipeline: bad rows named, nothing written; matched by
organisation and employee number; leavers marked, never deleted; 21,000 rows."""

import pytest

from cpd.models import Learner
from schools_platform.imports import services
from schools_platform.imports.models import ImportJob
from tests.imports.helpers import csv_bytes, upload, xlsx_bytes

pytestmark = pytest.mark.django_db
Status = ImportJob.Status
HEADER = [
    "Organisation",
    "Employee number",
    "Name",
    "Work email",
    "Manager",
    "Start date",
    "Leaving date",
]


def run(actor, content, capture, filename="staff.csv"):
    with capture(execute=True):  # a large file is checked in the background, after commit
        job = upload(actor, "cpd-staff", content, filename)
    job.refresh_from_db()
    assert job.status == Status.DRY_RUN_OK, job.row_errors or job.error_summary
    with capture(execute=True):
        services.confirm(actor=actor, job=job)
    job.refresh_from_db()
    assert job.status == Status.SUCCEEDED, job.error_summary
    return job


def test_a_bad_row_is_named_and_nothing_is_written(lead, halton):
    content = csv_bytes(
        [
            HEADER,
            ["Halton Council", "1", "Ann Lee", "ann@halton.example.org", "No", "01/04/2020", ""],
            ["Nowhere Council", "2", "Bob Roy", "", "Yes", "", ""],
            ["Halton Council", "3", "Cy Dee", "", "Maybe", "01/04/2020", "01/01/2019"],
        ]
    )
    job = upload(lead, "cpd-staff", content)
    assert job.status == Status.DRY_RUN_FAILED
    errors = {(e["row"], e.get("column", "")): e["message"] for e in job.row_errors}
    text = " ".join(f"{row} {message}" for (row, _), message in errors.items())
    assert "3 No organisation is called 'Nowhere Council'" in text
    assert "'Maybe' is not Yes or No" in text
    assert not Learner.objects.exists()


def test_same_number_at_two_employers_and_updates(
    lead, halton, wirral, django_capture_on_commit_callbacks
):
    first = csv_bytes(
        [
            HEADER,
            ["Halton Council", "42", "Ann Lee", "", "No", "01/04/2020", ""],
            ["Wirral Council", "42", "Raj Patel", "", "Yes", "", ""],
        ]
    )
    run(lead, first, django_capture_on_commit_callbacks)
    assert Learner.objects.count() == 2
    leaver = xlsx_bytes(
        [HEADER, ["Halton Council", "42", "Ann Lee", "", "No", "01/04/2020", "31/03/2026"]]
    )
    job = run(lead, leaver, django_capture_on_commit_callbacks, "staff.xlsx")
    assert (job.updated_rows, job.new_rows) == (1, 0)
    ann = Learner.objects.get(organisation=halton, employee_number="42")
    assert ann.has_left
    assert Learner.objects.filter(organisation=wirral, employee_number="42").exists()


def test_only_the_programme_lead_imports(halton_coordinator):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        upload(halton_coordinator, "cpd-staff", csv_bytes([HEADER]))


def test_twenty_one_thousand_staff(lead, halton, wirral, django_capture_on_commit_callbacks):
    """The authority-scale file: 21,000 rows across employers, generated here, in one import."""
    orgs = ["Halton Council", "Wirral Council"]
    rows = [HEADER] + [
        [orgs[n % 2], str(n // 2), f"Person {n}", "", "Yes" if n % 50 == 0 else "No", "", ""]
        for n in range(21000)
    ]
    job = run(lead, csv_bytes(rows), django_capture_on_commit_callbacks)
    assert job.new_rows == 21000
    assert Learner.objects.filter(organisation=halton).count() == 10500
    assert Learner.objects.filter(is_manager=True).count() == 420


def test_department_column_adds_departments_and_sets_them(
    lead, halton, django_capture_on_commit_callbacks
):
    from cpd.models import Department

    Department.objects.create(organisation=halton, name="Housing")
    header = [*HEADER, "Department"]
    content = csv_bytes(
        [
            header,
            ["Halton Council", "1", "Ann Lee", "", "Yes", "", "", "housing"],
            ["Halton Council", "2", "Bob Roy", "", "No", "", "", "Parks"],
            ["Halton Council", "3", "Cy Dee", "", "No", "", "", ""],
        ]
    )
    job = upload(lead, "cpd-staff", content)
    assert job.status == Status.DRY_RUN_OK, job.row_errors
    assert "New department: Parks (Halton Council)." in " ".join(job.notes or [])
    assert not Department.objects.filter(name="Parks").exists()  # the dry run only plans it
    run(lead, content, django_capture_on_commit_callbacks)
    people = {p.employee_number: p.department_name for p in Learner.objects.all()}
    assert people == {"1": "Housing", "2": "Parks", "3": ""}


def test_a_monthly_export_updates_moves_and_marks_leavers_and_leaves_the_rest(
    lead, halton, django_capture_on_commit_callbacks
):
    """The second export of the month: one person moves department with a new address, one
    leaves, one loses their manager flag and department, one is unchanged; each record
    holds exactly what the file says, and the unchanged one is not written."""
    from cpd.models import Department

    Department.objects.create(organisation=halton, name="Housing")
    header = [*HEADER, "Department"]
    before = [
        [
            "Halton Council",
            "1",
            "Ann Lee",
            "ann@halton.example.org",
            "No",
            "01/04/2020",
            "",
            "Housing",
        ],
        [
            "Halton Council",
            "2",
            "Bob Roy",
            "bob@halton.example.org",
            "No",
            "01/05/2019",
            "",
            "Housing",
        ],
        ["Halton Council", "3", "Cy Dee", "", "Yes", "", "", "Housing"],
        ["Halton Council", "4", "Di Fox", "", "No", "", "", "Housing"],
    ]
    run(lead, csv_bytes([header, *before]), django_capture_on_commit_callbacks)
    after = [
        [
            "Halton Council",
            "1",
            "Ann Lee",
            "ann.lee@halton.example.org",
            "No",
            "01/04/2020",
            "",
            "Parks",
        ],
        [
            "Halton Council",
            "2",
            "Bob Roy",
            "bob@halton.example.org",
            "No",
            "01/05/2019",
            "31/10/2026",
            "Housing",
        ],
        ["Halton Council", "3", "Cy Dee", "", "No", "", "", ""],
        ["Halton Council", "4", "Di Fox", "", "No", "", "", "Housing"],
    ]
    job = run(lead, csv_bytes([header, *after]), django_capture_on_commit_callbacks)
    assert (job.new_rows, job.updated_rows, job.unchanged_rows) == (0, 3, 1)
    people = {
        p.employee_number: (p.work_email, p.department_name, p.is_manager, str(p.left_on))
        for p in Learner.objects.select_related("department")
    }
    assert people == {
        "1": ("ann.lee@halton.example.org", "Parks", False, "None"),
        "2": ("bob@halton.example.org", "Housing", False, "2026-10-31"),
        "3": ("", "", False, "None"),
        "4": ("", "Housing", False, "None"),
    }
