"""The pipeline end to end through its services, with the pupil-census importer."""

import csv
import hashlib
import io

import pytest
import tablib
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from import_export.fields import Field

from schools_platform.core.models import AuditEvent
from schools_platform.imports import engine, files, get_importer, jobs, pipeline, services
from schools_platform.imports.models import ImportJob
from schools_platform.registry.models import School
from schools_platform.representation.models import PupilEthnicityCount
from schools_platform.representation.resources import PupilCensusResource
from tests.factories import make_school

from .helpers import census_rows, csv_bytes, upload, xlsx_bytes

Status = ImportJob.Status


def confirm_and_run(actor, job, capture):
    with capture(execute=True):
        services.confirm(actor=actor, job=job)
    job.refresh_from_db()
    return job


def test_dry_run_counts_and_writes_nothing(officer, school_a, school_b):
    job = upload(officer, "pupil-census", csv_bytes(census_rows([school_a, school_b])))
    assert job.status == Status.DRY_RUN_OK
    assert (job.total_rows, job.new_rows, job.invalid_rows) == (4, 4, 0)
    assert PupilEthnicityCount.objects.count() == 0


def test_confirmed_import_writes_every_row(
    officer, school_a, school_b, django_capture_on_commit_callbacks
):
    job = upload(officer, "pupil-census", csv_bytes(census_rows([school_a, school_b])))
    job = confirm_and_run(officer, job, django_capture_on_commit_callbacks)
    assert job.status == Status.SUCCEEDED
    assert (job.new_rows, job.rows_done) == (4, 4)
    counts = dict(
        PupilEthnicityCount.objects.filter(school=school_a).values_list("ethnicity", "pupils")
    )
    assert counts == {"white_british": 10, "black_african": 11}


def test_labels_are_accepted_for_ethnicity_and_a_second_import_updates(
    officer, school_a, django_capture_on_commit_callbacks
):
    first = upload(officer, "pupil-census", csv_bytes(census_rows([school_a])))
    confirm_and_run(officer, first, django_capture_on_commit_callbacks)
    rows = [
        ["URN", "Year", "Ethnicity", "Pupils"],
        [str(school_a.urn), "2025", "African", "30"],  # the label of black_african
        [str(school_a.urn), "2025", "white_british", "10"],  # unchanged
        [str(school_a.urn), "2025", "  gypsy or IRISH traveller ", "2"],
    ]
    second = upload(officer, "pupil-census", csv_bytes(rows))
    assert (second.new_rows, second.updated_rows, second.unchanged_rows) == (1, 1, 1)
    second = confirm_and_run(officer, second, django_capture_on_commit_callbacks)
    assert second.status == Status.SUCCEEDED
    assert PupilEthnicityCount.objects.filter(school=school_a).count() == 3
    assert PupilEthnicityCount.objects.get(school=school_a, ethnicity="black_african").pupils == 30


def test_every_bad_row_is_reported_with_its_spreadsheet_row_number(officer, school_a):
    rows = [
        ["URN", "Year", "Ethnicity", "Pupils"],
        [str(school_a.urn), "2025", "white_british", "12"],  # row 2: fine
        ["999999", "2025", "white_british", "12"],  # row 3: unknown school
        [str(school_a.urn), "2025", "martian", "12"],  # row 4: unknown ethnicity
        [str(school_a.urn), "2025", "irish", "twelve"],  # row 5: not a number
        [str(school_a.urn), "1850", "irish", "-1"],  # row 6: two problems
        [str(school_a.urn), "2025", "white_british", "13"],  # row 7: repeats row 2
    ]
    job = upload(officer, "pupil-census", csv_bytes(rows))
    assert job.status == Status.DRY_RUN_FAILED
    found = {(e["row"], e["column"]) for e in job.row_errors}
    assert found == {
        (2, "URN"),
        (3, "URN"),
        (4, "Ethnicity"),
        (5, "Pupils"),
        (6, "Pupils"),
        (7, "URN"),
    }
    messages = {(e["row"], e["column"]): e["message"] for e in job.row_errors}
    assert messages[(3, "URN")] == "No school has URN 999999; import it from GIAS first."
    assert "'martian' is not a known code or label" in messages[(4, "Ethnicity")]
    assert messages[(5, "Pupils")] == "'twelve' is not a whole number."
    assert "greater than or equal to 0" in messages[(6, "Pupils")]
    assert messages[(7, "URN")] == "The same record appears on rows 2, 7; keep only one."
    assert job.invalid_rows == 6
    assert job.error_summary == "6 rows have problems. Nothing has been imported."
    assert PupilEthnicityCount.objects.count() == 0


def test_year_rule_is_checked_once_cells_are_valid(officer, school_a):
    rows = [["URN", "Year", "Ethnicity", "Pupils"], [str(school_a.urn), "1850", "irish", "1"]]
    job = upload(officer, "pupil-census", csv_bytes(rows))
    assert job.row_errors == [
        {"row": 2, "column": "Year", "message": "1850 is not a school census year."}
    ]


def test_failed_rows_csv_has_the_rows_and_an_error_column(officer, school_a):
    rows = [
        ["URN", "Year", "Ethnicity", "Pupils"],
        [str(school_a.urn), "2025", "white_british", "12"],
        ['=HYPERLINK("http://x")', "2025", "irish", "3"],
    ]
    job = upload(officer, "pupil-census", csv_bytes(rows))
    content = services.failed_rows_download(job).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(content)))
    assert table[0] == ["URN", "Year", "Ethnicity", "Pupils", "Row", "Error"]
    assert len(table) == 2
    # The bad value goes back escaped, so opening the file cannot run it.
    assert table[1][0] == '\'=HYPERLINK("http://x")'
    assert table[1][4] == "3"
    assert table[1][5].startswith("URN: No school has URN")


def test_nothing_is_written_when_the_data_changed_after_the_check(
    officer, school_a, school_b, django_capture_on_commit_callbacks
):
    job = upload(officer, "pupil-census", csv_bytes(census_rows([school_a, school_b])))
    assert job.status == Status.DRY_RUN_OK
    school_b.delete()  # between the check and the confirmation
    job = confirm_and_run(officer, job, django_capture_on_commit_callbacks)
    assert job.status == Status.FAILED
    assert "Nothing has been imported" in job.error_summary
    assert {e["row"] for e in job.row_errors} == {4, 5}
    assert PupilEthnicityCount.objects.count() == 0


def test_a_finished_job_is_not_run_again(officer, school_a, django_capture_on_commit_callbacks):
    job = upload(officer, "pupil-census", csv_bytes(census_rows([school_a])))
    job = confirm_and_run(officer, job, django_capture_on_commit_callbacks)
    PupilEthnicityCount.objects.update(pupils=99)
    again = jobs.run_import(job_id=job.pk)  # e.g. a redelivered task message
    assert again.status == Status.SUCCEEDED
    assert set(PupilEthnicityCount.objects.values_list("pupils", flat=True)) == {99}
    assert AuditEvent.objects.filter(verb="import.finished", target_id=str(job.pk)).count() == 1
    confirmed = confirm_and_run(officer, job, django_capture_on_commit_callbacks)
    assert confirmed.status == Status.SUCCEEDED
    assert AuditEvent.objects.filter(verb="import.confirmed").count() == 1


def test_only_a_clean_check_can_be_confirmed(officer, school_a):
    rows = [["URN", "Year", "Ethnicity", "Pupils"], ["1", "2025", "irish", "3"]]
    job = upload(officer, "pupil-census", csv_bytes(rows))
    with pytest.raises(ValidationError, match="no problems"):
        services.confirm(actor=officer, job=job)
    job.refresh_from_db()
    assert job.status == Status.DRY_RUN_FAILED


def test_every_step_is_audited(officer, school_a, django_capture_on_commit_callbacks):
    job = upload(officer, "pupil-census", csv_bytes(census_rows([school_a])), "census.csv")
    confirm_and_run(officer, job, django_capture_on_commit_callbacks)
    events = AuditEvent.objects.filter(target_type="imports.importjob", target_id=str(job.pk))
    assert sorted(events.values_list("verb", flat=True)) == [
        "import.confirmed",
        "import.dry_run",
        "import.finished",
        "import.uploaded",
    ]
    uploaded = events.get(verb="import.uploaded")
    assert uploaded.actor == officer
    assert uploaded.details["filename"] == "census.csv"
    assert uploaded.details["sha256"] == job.sha256
    assert events.get(verb="import.finished").details["outcome"] == "succeeded"


def test_job_records_the_file(officer, school_a):
    content = csv_bytes(census_rows([school_a]))
    job = upload(officer, "pupil-census", content, "C:\\Users\\me\\census 2025.csv")
    assert job.original_filename == "census 2025.csv"
    assert job.sha256 == hashlib.sha256(content).hexdigest()
    assert job.created_by == officer
    assert job.file.read() == content
    assert job.file.name.startswith("imports/") and "census" not in job.file.name


def test_xlsx_upload_runs_the_same_way(officer, school_a, django_capture_on_commit_callbacks):
    rows = [["URN", "Year", "Ethnicity", "Pupils"], [school_a.urn, 2025, "Irish", 7]]
    job = upload(officer, "pupil-census", xlsx_bytes(rows), "census.xlsx")
    job = confirm_and_run(officer, job, django_capture_on_commit_callbacks)
    assert job.status == Status.SUCCEEDED
    assert PupilEthnicityCount.objects.get(school=school_a).ethnicity == "white_irish"


def test_progress_is_published_while_running(officer, school_a):
    job = upload(officer, "pupil-census", csv_bytes(census_rows([school_a])))
    ImportJob.objects.filter(pk=job.pk).update(status=Status.RUNNING, total_rows=2000)
    job.refresh_from_db()
    cache.set(services.progress_key(job.pk), 1500)
    assert services.rows_done(job) == 1500


def test_import_and_export_need_the_importers_permission(data_steward, school_a):
    census = get_importer("pupil-census")
    assert not census.can_import(data_steward)
    with pytest.raises(PermissionDenied):
        upload(data_steward, "pupil-census", csv_bytes(census_rows([school_a])))
    with pytest.raises(PermissionDenied):
        services.export(actor=data_steward, importer_name="pupil-census", fmt="csv")
    assert ImportJob.objects.count() == 0


def test_the_check_makes_the_same_queries_whatever_the_row_count(officer):
    # No per-row lookups: 3 rows and 180 rows cost the same number of queries.
    schools = [make_school() for _ in range(60)]
    queries = []
    # The first upload also loads the officer's permissions; only the last two are compared.
    for some in (schools[:1], schools[:1], schools):
        content = csv_bytes(census_rows(some, codes=("white_british", "irish", "other_arab")))
        with CaptureQueriesContext(connection) as captured:
            job = upload(officer, "pupil-census", content)
        assert job.status == Status.DRY_RUN_OK
        queries.append(len(captured))
    assert (job.total_rows, job.new_rows) == (180, 180)
    assert queries[1] == queries[2]


def test_the_import_makes_the_same_queries_whatever_the_row_count(
    officer, django_capture_on_commit_callbacks
):
    schools = [make_school() for _ in range(60)]
    queries = []
    for year, some in ((2024, schools[:1]), (2025, schools)):
        content = csv_bytes(census_rows(some, year=year, codes=("irish", "other_arab")))
        job = upload(officer, "pupil-census", content)
        with CaptureQueriesContext(connection) as captured:
            job = confirm_and_run(officer, job, django_capture_on_commit_callbacks)
        assert job.status == Status.SUCCEEDED
        queries.append(len(captured))
    assert PupilEthnicityCount.objects.count() == 122
    assert queries[0] == queries[1]  # 120 rows fit one INSERT batch, like 2 rows


def test_a_record_added_by_someone_else_after_the_check_fails_the_whole_import(
    officer, school_a, school_b, django_capture_on_commit_callbacks, monkeypatch
):
    """What only the database sees: another session inserts a row of the file after the
    import has loaded the existing records. The unique constraint refuses the insert, and
    the import's other rows are not kept either. (The stand-in for the other session shares
    this connection, so its row is rolled back as well.)"""
    job = upload(officer, "pupil-census", csv_bytes(census_rows([school_a, school_b])))
    real_load = engine._load_existing

    def load_then_someone_else_inserts(*args, **kwargs):
        found = real_load(*args, **kwargs)
        PupilEthnicityCount.objects.create(
            school=school_b, year=2025, ethnicity="black_african", pupils=1
        )
        return found

    monkeypatch.setattr(engine, "_load_existing", load_then_someone_else_inserts)
    job = confirm_and_run(officer, job, django_capture_on_commit_callbacks)
    assert job.status == Status.FAILED
    assert job.error_summary.startswith("The database refused the rows (IntegrityError")
    assert "check the file again" in job.error_summary
    assert job.error_summary.endswith("Nothing has been imported.")
    assert not PupilEthnicityCount.objects.filter(school=school_a).exists()
    finished = AuditEvent.objects.get(verb="import.finished", target_id=str(job.pk))
    assert finished.details["outcome"] == "failed"


def test_a_row_made_invalid_after_the_check_fails_the_import_and_says_which(
    officer, school_a, school_b, django_capture_on_commit_callbacks
):
    job = upload(officer, "pupil-census", csv_bytes(census_rows([school_a, school_b])))
    School.objects.filter(pk=school_a.pk).update(urn=999001)  # renumbered meanwhile
    job = confirm_and_run(officer, job, django_capture_on_commit_callbacks)
    assert job.status == Status.FAILED
    assert job.error_summary == "2 rows have problems. Nothing has been imported."
    assert [(e["row"], e["column"]) for e in job.row_errors] == [(2, "URN"), (3, "URN")]
    assert (job.new_rows, job.invalid_rows) == (2, 2)
    assert PupilEthnicityCount.objects.count() == 0


def test_a_stored_file_that_changed_after_the_check_is_not_imported(
    officer, school_a, django_capture_on_commit_callbacks
):
    job = upload(officer, "pupil-census", csv_bytes(census_rows([school_a])))
    job.file.storage.delete(job.file.name)
    job.file.storage.save(job.file.name, ContentFile(csv_bytes(census_rows([school_a], 2024))))
    job = confirm_and_run(officer, job, django_capture_on_commit_callbacks)
    assert job.status == Status.FAILED
    assert "not the one that was checked" in job.error_summary
    assert PupilEthnicityCount.objects.count() == 0


def test_a_cell_that_cannot_be_a_key_is_reported_not_queried(officer, school_a):
    rows = [
        ["URN", "Year", "Ethnicity", "Pupils"],
        ["abc", "2025", "irish", "3"],
        [str(school_a.urn), "2025", "irish", "3"],
    ]
    job = upload(officer, "pupil-census", csv_bytes(rows))
    assert job.row_errors == [
        {"row": 2, "column": "URN", "message": "No school has URN abc; import it from GIAS first."}
    ]


def test_equal_cells_of_different_types_are_cleaned_separately(officer, school_a):
    # Cells are cleaned once per distinct value; TRUE and 1 are equal in Python but only one
    # is a number of pupils.
    rows = [
        ["URN", "Year", "Ethnicity", "Pupils"],
        [school_a.urn, 2025, "irish", 1],
        [school_a.urn, 2025, "white_british", True],
        [school_a.urn, 2025, "black_african", 1.0],
    ]
    job = upload(officer, "pupil-census", xlsx_bytes(rows), "census.xlsx")
    assert job.row_errors == [
        {"row": 3, "column": "Pupils", "message": "'True' is not a whole number."}
    ]
    assert job.new_rows == 2


def test_progress_is_published_as_batches_are_written(
    officer, school_a, school_b, django_capture_on_commit_callbacks, monkeypatch
):
    published = []
    real_set = pipeline.cache.set

    def record(key, value, *args, **kwargs):
        if key.endswith(":rows-done"):
            published.append(value)
        return real_set(key, value, *args, **kwargs)

    monkeypatch.setattr(pipeline.cache, "set", record)
    monkeypatch.setattr(PupilCensusResource._meta, "batch_size", 3)
    job = upload(officer, "pupil-census", csv_bytes(census_rows([school_a, school_b])))
    job = confirm_and_run(officer, job, django_capture_on_commit_callbacks)
    assert job.status == Status.SUCCEEDED
    assert published == [3, 4]
    assert job.rows_done == 4


def test_the_library_import_loop_is_not_a_second_way_in(school_a):
    with pytest.raises(NotImplementedError):
        PupilCensusResource().import_data(tablib.Dataset(headers=["URN"]))


def test_a_field_through_a_relation_must_be_read_only(school_a):
    class Sloppy(PupilCensusResource):
        school_name = Field(attribute="school__name", column_name="School")

        class Meta(PupilCensusResource.Meta):
            fields = ("school", "year", "ethnicity", "pupils", "school_name")

    parsed = files.parse_csv("URN,Year,Ethnicity,Pupils,School\n1,2025,irish,3,X\n")
    with pytest.raises(ImproperlyConfigured, match="mark it readonly"):
        engine.check(Sloppy(), parsed)
