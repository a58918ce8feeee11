"""manage.py import_gias PATH [--dry-run]."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from schools_platform.core.models import AuditEvent
from schools_platform.imports.models import ImportJob
from schools_platform.registry.models import Authority, School
from tests.imports.helpers import DATA


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_gias", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_dry_run_prints_counts_and_writes_nothing(db):
    out, _err = run(str(DATA / "gias_extract.csv"), "--dry-run")
    assert "8 rows: 8 new, 0 updated, 0 unchanged, 0 with problems." in out
    assert "Importing it would also create:\n  New authority: 991 Testshire." in out
    assert "Dry run: nothing was written." in out
    assert School.objects.count() == 0
    assert not Authority.objects.exists()


def test_import_writes_the_schools_and_is_audited_as_the_system(db):
    out, _err = run(str(DATA / "gias_extract.csv"))
    assert "Imported 8 rows" in out
    assert "Created with the schools:\n  New authority: 991 Testshire." in out
    assert Authority.objects.filter(la_code="991", name="Testshire").exists()
    assert School.objects.count() == 8
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.SUCCEEDED
    finished = AuditEvent.objects.get(verb="import.finished")
    assert (finished.actor, finished.actor_label) == (None, "system")


def test_import_can_be_recorded_as_an_officer(officer):
    run(str(DATA / "gias_extract.csv"), "--user", "officer")
    assert ImportJob.objects.get().created_by == officer


def test_bad_rows_are_printed_and_the_exit_is_an_error(db):
    # CommandError is what makes manage.py exit with status 1.
    out = StringIO()
    with pytest.raises(CommandError, match="1 row has problems. Nothing has been imported."):
        call_command("import_gias", str(DATA / "gias_extract_bad_row.csv"), stdout=out)
    assert School.objects.count() == 0


def test_a_refused_file_says_which_authorities_would_have_been_created(db):
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_gias", str(DATA / "gias_extract_bad_row.csv"), stdout=out)
    lines = out.getvalue().splitlines()
    heading = lines.index("Had the file been accepted, the import would also have created:")
    assert lines[heading + 1].startswith("  New authority: ")
    # Nothing reads as if it had been created, and nothing was.
    assert not any(line.startswith("New authority") for line in lines)
    assert not Authority.objects.exists()


def test_bad_row_text_goes_to_stderr(db):
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_gias", str(DATA / "gias_extract_bad_row.csv"), stderr=err)
    assert "Row 4: OpenDate: '31-02-1998' is not a date in the form dd-mm-yyyy." in err.getvalue()


def test_an_unreadable_file_is_an_error(db):
    with pytest.raises(CommandError, match="mixes two text encodings"):
        call_command("import_gias", str(DATA / "gias_extract_mixed_encoding.csv"))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_gias", str(DATA / "no-such-file.csv"))
    assert ImportJob.objects.count() == 0
