"""Workforce figures through the import pipeline: bad rows named, nothing written; matched
by organisation, year and ethnic group, so a re-import updates."""

import pytest

from cpd.evaluation.models import WorkforceFigure
from cpd.evaluation.resources import COLUMNS
from schools_platform.imports import services
from schools_platform.imports.models import ImportJob
from tests.imports.helpers import csv_bytes, upload

pytestmark = pytest.mark.django_db
Status = ImportJob.Status


def run(actor, content, capture):
    with capture(execute=True):
        job = upload(actor, "cpd-workforce", content, "workforce.csv")
    job.refresh_from_db()
    assert job.status == Status.DRY_RUN_OK, job.row_errors or job.error_summary
    with capture(execute=True):
        services.confirm(actor=actor, job=job)
    job.refresh_from_db()
    assert job.status == Status.SUCCEEDED, job.error_summary
    return job


def test_bad_rows_are_named_and_nothing_is_written(lead, councils):
    content = csv_bytes(
        [
            list(COLUMNS),
            ["Halton Council", "2025", "White", "400", "200", "60", "8", "200"],
            ["Nowhere Council", "2025", "White", "400", "200", "60", "8", "200"],
            ["Halton Council", "2025", "Purple", "10", "0", "0", "0", "0"],
            ["Wirral Council", "2025", "Black", "100", "10", "20", "0", "0"],
        ]
    )
    job = upload(lead, "cpd-workforce", content)
    assert job.status == Status.DRY_RUN_FAILED
    text = " ".join(f"{e['row']} {e['message']}" for e in job.row_errors)
    assert "3 No organisation is called 'Nowhere Council'" in text
    assert "4 'Purple' is not a known code or label" in text
    assert "5 More people appointed than were shortlisted" in text
    assert not WorkforceFigure.objects.exists()


def test_import_then_update_by_key(lead, councils, django_capture_on_commit_callbacks):
    rows = [
        list(COLUMNS),
        ["Halton Council", "2025", "White", "400", "200", "60", "8", "200"],
        ["Halton Council", "2025", "black", "100", "60", "9", "4", "30"],
    ]
    run(lead, csv_bytes(rows), django_capture_on_commit_callbacks)
    assert WorkforceFigure.objects.count() == 2
    rows[2][5] = "12"
    job = run(lead, csv_bytes(rows), django_capture_on_commit_callbacks)
    assert WorkforceFigure.objects.count() == 2
    assert WorkforceFigure.objects.get(ethnic_group="black").appointed == 12
    assert job.updated_rows == 1


def test_only_holders_of_the_permission_import(learner_user, councils):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        upload(learner_user, "cpd-workforce", csv_bytes([list(COLUMNS)]))
