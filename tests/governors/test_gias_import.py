"""The GIAS governance download through the import pipeline: dry run, row errors, all or
nothing, Windows-1252 or UTF-8, matched by GID."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from governors.models import GiasGovernanceRecord
from schools_platform.imports import services
from schools_platform.imports.models import ImportJob
from tests.imports.helpers import csv_bytes, upload

Status = ImportJob.Status
HEADER = [
    "GID",
    "URN",
    "UID",
    "Role",
    "Title",
    "Forename 1",
    "Forename 2",
    "Surname",
    "Date of appointment",
    "Date term of office ends/ended",
    "Appointing body",
]


def row(school, gid="1001", **changes):
    values = {
        "GID": gid,
        "URN": str(school.urn),
        "UID": "",
        "Role": "Governor",
        "Title": "Mrs",
        "Forename 1": "Siân",
        "Forename 2": "",
        "Surname": "O’Brien",
        "Date of appointment": "01/09/2022",
        "Date term of office ends/ended": "31/08/2026",
        "Appointing body": "Elected by parents",
    }
    values.update(changes)
    return [values[h] for h in HEADER]


def run(actor, content, capture):
    job = upload(actor, "gias-governance", content, "governance.csv")
    assert job.status == Status.DRY_RUN_OK, job.row_errors or job.error_summary
    with capture(execute=True):
        services.confirm(actor=actor, job=job)
    job.refresh_from_db()
    assert job.status == Status.SUCCEEDED, job.error_summary
    return job


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig"])
def test_the_download_imports_in_either_encoding(
    officer, school_a, encoding, django_capture_on_commit_callbacks
):
    run(
        officer,
        csv_bytes([HEADER, row(school_a)], encoding=encoding),
        django_capture_on_commit_callbacks,
    )
    record = GiasGovernanceRecord.objects.get(gid=1001)
    assert (record.school, record.forename_1, record.surname) == (school_a, "Siân", "O’Brien")
    assert record.appointed_on == datetime.date(2022, 9, 1)
    assert record.term_ends_on == datetime.date(2026, 8, 31)


def test_a_reimport_updates_by_gid(officer, school_a, django_capture_on_commit_callbacks):
    run(officer, csv_bytes([HEADER, row(school_a)]), django_capture_on_commit_callbacks)
    run(
        officer,
        csv_bytes([HEADER, row(school_a, Role="Chair of governors")]),
        django_capture_on_commit_callbacks,
    )
    assert list(GiasGovernanceRecord.objects.values_list("gid", "role")) == [
        (1001, "Chair of governors")
    ]


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        ({"URN": "123"}, "URN", "No school has URN 123"),
        ({"Date of appointment": "31/02/2022"}, "Date of appointment", "is not a date"),
        ({"Surname": ""}, "Surname", "This cell is blank"),
        (
            {"Date term of office ends/ended": "01/01/2020"},
            "Date term of office ends/ended",
            "cannot end before",
        ),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_written(officer, school_a, changes, column, message):
    content = csv_bytes([HEADER, row(school_a), row(school_a, gid="1002", **changes)])
    job = upload(officer, "gias-governance", content, "governance.csv")
    assert job.status == Status.DRY_RUN_FAILED
    (error,) = job.row_errors
    assert (error["row"], error["column"]) == (3, column)
    assert message in error["message"]
    with pytest.raises(ValidationError):
        services.confirm(actor=officer, job=job)
    assert not GiasGovernanceRecord.objects.exists()


def test_only_officers_may_import(leader_a, school_a):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        upload(leader_a, "gias-governance", csv_bytes([HEADER, row(school_a)]), "g.csv")
