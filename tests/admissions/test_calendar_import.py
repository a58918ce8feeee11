"""Each authority's term calendar through the import pipeline: dry run with row errors, all or
nothing, matched by authority and term name (terms) or date (closures); then the school days
count on it."""

import datetime as dt

import pytest

from admissions import facts
from admissions import models as m
from schools_platform.imports import services
from schools_platform.imports.models import ImportJob
from tests.imports.helpers import csv_bytes, upload

Status = ImportJob.Status
TERMS = ["LA code", "Term", "First day", "Last day"]
CLOSURES = ["LA code", "Date", "Kind", "Name"]


def _run(actor, importer, rows, capture):
    job = upload(actor, importer, csv_bytes(rows), "calendar.csv")
    assert job.status == Status.DRY_RUN_OK, job.row_errors or job.error_summary
    with capture(execute=True):
        services.confirm(actor=actor, job=job)
    job.refresh_from_db()
    assert job.status == Status.SUCCEEDED, job.error_summary
    return job


def test_terms_and_closures_import_and_the_school_days_count_on_them(
    clerk_user, school_a, django_capture_on_commit_callbacks
):
    la = school_a.authority.la_code
    _run(
        clerk_user,
        "appeals-term-dates",
        [TERMS, [la, "Summer 2027", "12/04/2027", "21/07/2027"]],
        django_capture_on_commit_callbacks,
    )
    _run(
        clerk_user,
        "appeals-closures",
        [
            CLOSURES,
            [la, "03/05/2027", "Bank holiday", "Early May"],
            [la, "2027-05-04", "inset", ""],
        ],
        django_capture_on_commit_callbacks,
    )
    calendar = facts.calendar_for(school_a.authority)
    # Friday 30 April + 1 school day skips the bank holiday and the INSET day.
    assert calendar.add_school_days(dt.date(2027, 4, 30), 1) == dt.date(2027, 5, 5)
    # A corrected last day updates the term rather than adding one.
    _run(
        clerk_user,
        "appeals-term-dates",
        [TERMS, [la, "Summer 2027", "12/04/2027", "20/07/2027"]],
        django_capture_on_commit_callbacks,
    )
    assert list(m.Term.objects.values_list("ends_on", flat=True)) == [dt.date(2027, 7, 20)]


@pytest.mark.parametrize(
    "row, column, message",
    [
        (["999", "Autumn", "01/09/2026", "18/12/2026"], "LA code", "No authority has LA code 999"),
        (["{la}", "Autumn", "01/09/2026", "31/08/2026"], "Last day", "is before the start"),
        (["{la}", "Autumn", "1st Sept", "18/12/2026"], "First day", "is not a date"),
    ],
)
def test_a_bad_term_row_is_named_and_nothing_is_written(clerk_user, school_a, row, column, message):
    row = [cell.format(la=school_a.authority.la_code) for cell in row]
    job = upload(clerk_user, "appeals-term-dates", csv_bytes([TERMS, row]), "terms.csv")
    assert job.status == Status.DRY_RUN_FAILED
    text = str(job.row_errors)
    assert message in text and column in text and "'row': 2" in text
    assert not m.Term.objects.exists()


def test_a_bad_closure_kind_is_named(clerk_user, school_a):
    rows = [CLOSURES, [school_a.authority.la_code, "03/05/2027", "Holiday-ish", ""]]
    job = upload(clerk_user, "appeals-closures", csv_bytes(rows), "closures.csv")
    assert job.status == Status.DRY_RUN_FAILED
    assert "Holiday-ish" in str(job.row_errors)


def test_only_the_clerks_role_may_import(leader_a, panel_user, school_a):
    from django.core.exceptions import PermissionDenied

    for user in (leader_a, panel_user):
        with pytest.raises(PermissionDenied):
            upload(user, "appeals-term-dates", csv_bytes([TERMS]), "terms.csv")
