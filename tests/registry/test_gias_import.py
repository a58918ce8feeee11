"""Importing GIAS establishment extracts (tests/data, written in Windows-1252 by
tests/data/make_gias_files.py; the .xlsx was made from the CSV by LibreOffice)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schools_platform.imports import engine, services
from schools_platform.imports.models import ImportJob
from schools_platform.registry.models import Authority, School
from tests.factories import make_authority, make_school
from tests.imports.helpers import DATA, csv_bytes, upload

Status = ImportJob.Status
ACCENTED = {
    990001: "St Mary’s Catholic Primary School",
    990002: "École Française de Testville",
    990003: "Ysgol Gymraeg Ffordd-y-Môr",
    990006: "Kestrel Academy — Upper School",
    990007: "Ørsted Road Primary",
    990008: "“Little Acorns” Nursery & Primary",
}


def import_file(actor, name, capture, content=None):
    content = content if content is not None else (DATA / name).read_bytes()
    job = upload(actor, "gias", content, name)
    assert job.status == Status.DRY_RUN_OK, job.row_errors or job.error_summary
    with capture(execute=True):
        services.confirm(actor=actor, job=job)
    job.refresh_from_db()
    assert job.status == Status.SUCCEEDED, job.error_summary
    return job


def gias_rows(*rows):
    header = [
        "URN",
        "LA (code)",
        "LA (name)",
        "EstablishmentName",
        "EstablishmentStatus (name)",
        "PhaseOfEducation (name)",
        "StatutoryLowAge",
        "StatutoryHighAge",
        "OpenDate",
        "CloseDate",
        "Gender (name)",
    ]
    return csv_bytes([header, *rows], encoding="cp1252")


def good_row(urn="990101", name="Alder Primary", **changes):
    row = {
        "URN": urn,
        "LA": "991",
        "LA name": "Testshire",
        "name": name,
        "status": "Open",
        "phase": "Primary",
        "low": "4",
        "high": "11",
        "open": "01-09-2001",
        "close": "",
        "gender": "Mixed",
    }
    row.update(changes)
    return list(row.values())


def test_the_windows_1252_extract_keeps_accents_and_curly_quotes(
    officer, django_capture_on_commit_callbacks
):
    job = import_file(officer, "gias_extract.csv", django_capture_on_commit_callbacks)
    assert job.new_rows == 8
    names = dict(School.objects.values_list("urn", "name"))
    for urn, name in ACCENTED.items():
        assert names[urn] == name


def test_every_column_the_registry_keeps_is_read(officer, django_capture_on_commit_callbacks):
    import_file(officer, "gias_extract.csv", django_capture_on_commit_callbacks)
    school = School.objects.select_related("authority").get(urn=990003)
    assert (school.authority.la_code, school.authority.name) == ("992", "Northwold")
    assert school.establishment_number == "4001"
    assert school.type_of_establishment == "Community school"
    assert school.type_group == "Local authority maintained schools"
    assert (school.status, school.phase) == ("Open", "Secondary")
    assert (school.statutory_low_age, school.statutory_high_age) == (11, 16)
    assert school.opened_on == datetime.date(1998, 9, 3)
    assert school.closed_on is None
    assert school.number_of_pupils == 398
    assert (school.street, school.town, school.postcode) == ("Ffordd-y-Môr", "Testville", "NW2 3BB")
    assert (school.ward, school.area) == ("Central", "Northwold")
    st_marys = School.objects.get(urn=990001)
    assert (st_marys.locality, st_marys.ward) == ("Brontë Green", "Brontë")
    assert School.objects.get(urn=990004).number_of_pupils is None
    assert School.objects.get(urn=990007).phase == "Middle deemed"  # not a phase we know: kept


def test_authorities_are_created_from_the_extract(officer, django_capture_on_commit_callbacks):
    job = upload(officer, "gias", (DATA / "gias_extract.csv").read_bytes(), "gias.csv")
    assert job.notes == ["New authority: 991 Testshire.", "New authority: 992 Northwold."]
    assert Authority.objects.count() == 0, "the dry run must not keep the new authorities"
    import_file(officer, "gias_extract.csv", django_capture_on_commit_callbacks)
    assert dict(Authority.objects.values_list("la_code", "name")) == {
        "991": "Testshire",
        "992": "Northwold",
    }


def test_an_existing_authority_keeps_its_name(officer, django_capture_on_commit_callbacks):
    make_authority(la_code="991", name="Testshire County Council")
    import_file(officer, "gias_extract.csv", django_capture_on_commit_callbacks)
    assert Authority.objects.get(la_code="991").name == "Testshire County Council"
    assert Authority.objects.count() == 2


def test_utf8_with_bom_and_xlsx_give_the_same_schools(officer, django_capture_on_commit_callbacks):
    import_file(officer, "gias_extract.csv", django_capture_on_commit_callbacks)
    before = list(School.objects.order_by("urn").values())
    for name in ("gias_extract_utf8_bom.csv", "gias_extract.xlsx"):
        job = upload(officer, "gias", (DATA / name).read_bytes(), name)
        assert job.status == Status.DRY_RUN_OK, job.row_errors
        assert (job.total_rows, job.unchanged_rows) == (8, 8), name
    assert list(School.objects.order_by("urn").values()) == before


def test_xlsx_extract_imports_on_its_own(officer, django_capture_on_commit_callbacks):
    job = import_file(officer, "gias_extract.xlsx", django_capture_on_commit_callbacks)
    assert job.new_rows == 8
    names = dict(School.objects.values_list("urn", "name"))
    assert names[990002] == ACCENTED[990002]
    assert School.objects.get(urn=990001).authority.la_code == "991"


def test_reimport_updates_by_urn_and_never_duplicates_or_deletes(
    officer, django_capture_on_commit_callbacks
):
    import_file(officer, "gias_extract.csv", django_capture_on_commit_callbacks)
    ids = dict(School.objects.values_list("urn", "id"))
    job = import_file(officer, "gias_extract_later.csv", django_capture_on_commit_callbacks)
    assert (job.new_rows, job.updated_rows, job.unchanged_rows) == (1, 2, 5)
    assert School.objects.count() == 9
    renamed = School.objects.get(urn=990001)
    assert renamed.id == ids[990001]
    assert renamed.name == "St Mary’s Catholic Primary School and Nursery"
    assert renamed.number_of_pupils == 412
    assert School.objects.filter(urn=990004).exists(), "a school missing from the extract stays"
    assert Authority.objects.get(la_code="993").name == "Eastmere"


def test_a_school_that_closed_stays_with_its_history(officer, django_capture_on_commit_callbacks):
    import_file(officer, "gias_extract.csv", django_capture_on_commit_callbacks)
    import_file(officer, "gias_extract_later.csv", django_capture_on_commit_callbacks)
    closed = School.objects.get(urn=990006)
    assert closed.status == "Closed"
    assert closed.closed_on == datetime.date(2025, 8, 31)
    assert closed.opened_on == datetime.date(2015, 9, 1)
    assert not closed.is_open
    long_closed = School.objects.get(urn=990005)
    assert (long_closed.status, long_closed.closed_on) == ("Closed", datetime.date(2019, 8, 31))


def test_a_file_with_one_bad_row_writes_nothing_and_names_the_row(
    officer, django_capture_on_commit_callbacks
):
    job = upload(officer, "gias", (DATA / "gias_extract_bad_row.csv").read_bytes(), "bad.csv")
    assert job.status == Status.DRY_RUN_FAILED
    assert job.row_errors == [
        {
            "row": 4,
            "column": "OpenDate",
            "message": "'31-02-1998' is not a date in the form dd-mm-yyyy.",
        }
    ]
    with pytest.raises(ValidationError):
        services.confirm(actor=officer, job=job)
    assert School.objects.count() == 0
    assert Authority.objects.count() == 0


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (good_row(urn=""), "URN", "This cell is blank, but a whole number is needed."),
        (good_row(urn="99O101"), "URN", "'99O101' is not a whole number."),
        (good_row(open="2001-13-01"), "OpenDate", "'2001-13-01' is not a date"),
        (good_row(low="11", high="4"), "StatutoryLowAge", "low age (11) is above"),
        (good_row(close="31-08-2000"), "CloseDate", "close date (31-08-2000) is before"),
        (good_row(LA="Testshire"), "LA (code)", "'Testshire' is not a three-digit LA code."),
        (good_row(name=" "), "EstablishmentName", "This cell is blank"),
        (good_row(low="-3"), "StatutoryLowAge", "greater than or equal to 0"),
    ],
)
def test_bad_cells_are_reported_by_row_and_column(officer, row, column, message):
    content = gias_rows(good_row(urn="990100"), row)
    job = upload(officer, "gias", content, "gias.csv")
    assert job.status == Status.DRY_RUN_FAILED
    assert len(job.row_errors) == 1, job.row_errors
    error = job.row_errors[0]
    assert (error["row"], error["column"]) == (3, column)
    assert message in error["message"]


def test_a_urn_twice_in_the_file_is_reported_on_both_rows(officer):
    content = gias_rows(good_row(urn="990101"), good_row(urn="990102"), good_row(urn="990101"))
    job = upload(officer, "gias", content, "gias.csv")
    assert [(e["row"], e["message"]) for e in job.row_errors] == [
        (2, "The same record appears on rows 2, 4; keep only one."),
        (4, "The same record appears on rows 2, 4; keep only one."),
    ]


def test_a_urn_twice_is_reported_even_when_the_school_is_unchanged(
    officer, django_capture_on_commit_callbacks
):
    import_file(officer, "gias.csv", django_capture_on_commit_callbacks, gias_rows(good_row()))
    job = upload(officer, "gias", gias_rows(good_row(), good_row()), "gias.csv")
    assert job.status == Status.DRY_RUN_FAILED
    assert {e["row"] for e in job.row_errors} == {2, 3}


def test_an_unknown_phase_is_accepted(officer):
    job = upload(officer, "gias", gias_rows(good_row(phase="Something new")), "gias.csv")
    assert job.status == Status.DRY_RUN_OK


def test_an_existing_school_is_updated_in_place(officer, django_capture_on_commit_callbacks):
    existing = make_school(make_authority(la_code="991"), urn=990101, name="Old name")
    import_file(officer, "gias.csv", django_capture_on_commit_callbacks, gias_rows(good_row()))
    existing.refresh_from_db()
    assert existing.name == "Alder Primary"
    assert School.objects.count() == 1


def test_text_in_two_encodings_is_refused_with_its_line(officer):
    content = (DATA / "gias_extract_mixed_encoding.csv").read_bytes()
    with pytest.raises(ValidationError) as caught:
        upload(officer, "gias", content, "gias.csv")
    message = caught.value.message_dict["file"][0]
    assert "mixes two text encodings: line 3 has 'Ã‰' where 'É' was probably meant" in message
    assert ImportJob.objects.count() == 0


def test_bytes_that_are_neither_windows_1252_nor_utf8_are_refused(officer):
    content = gias_rows(good_row()) + "ﾃｽﾄ小学校\r\n".encode("shift_jis")
    with pytest.raises(ValidationError) as caught:
        upload(officer, "gias", content, "gias.csv")
    message = caught.value.message_dict["file"][0]
    assert "neither Windows-1252 nor UTF-8" in message
    assert "line 3" in message


def test_utf8_without_a_bom_is_read_as_utf8(officer, django_capture_on_commit_callbacks):
    content = gias_rows(good_row()).decode("cp1252")
    content = content.replace("Alder Primary", "Ysgol Gymraeg Ffordd-y-Môr").encode("utf-8")
    import_file(officer, "gias.csv", django_capture_on_commit_callbacks, content)
    assert School.objects.get().name == "Ysgol Gymraeg Ffordd-y-Môr"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_reimports_unchanged(officer, fmt, django_capture_on_commit_callbacks):
    import_file(officer, "gias_extract.csv", django_capture_on_commit_callbacks)
    School.objects.filter(urn=990004).update(name="=cmd|' /C calc'!A0", town="-Testville")
    content, filename = services.export(actor=officer, importer_name="gias", fmt=fmt)
    job = upload(officer, "gias", content, filename)
    assert job.status == Status.DRY_RUN_OK, job.row_errors
    assert (job.total_rows, job.unchanged_rows) == (8, 8)


@settings(
    deadline=None,
    max_examples=25,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    name=st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
        min_size=1,
        max_size=60,
    )
    .map(str.strip)
    .filter(bool),
    fmt=st.sampled_from(["csv", "xlsx"]),
)
def test_any_school_name_survives_export_and_reimport(officer, name, fmt):
    with transaction.atomic():
        make_school(make_authority(la_code="985"), urn=985001, name=name)
        content, filename = services.export(actor=officer, importer_name="gias", fmt=fmt)
        job = upload(officer, "gias", content, filename)
        assert job.status == Status.DRY_RUN_OK, job.row_errors
        assert job.unchanged_rows == 1
        transaction.set_rollback(True)


def test_a_reimport_touches_only_the_schools_it_changes(
    officer, django_capture_on_commit_callbacks
):
    import_file(officer, "gias_extract.csv", django_capture_on_commit_callbacks)
    before = dict(School.objects.values_list("urn", "updated_at"))
    job = import_file(officer, "gias_extract_later.csv", django_capture_on_commit_callbacks)
    assert (job.new_rows, job.updated_rows, job.unchanged_rows) == (1, 2, 5)
    after = dict(School.objects.values_list("urn", "updated_at"))
    touched = {urn for urn, when in before.items() if after[urn] != when}
    assert touched == {990001, 990006}
    assert all(after[urn] > before[urn] for urn in touched)


def test_a_school_added_after_the_check_is_updated_not_duplicated(
    officer, django_capture_on_commit_callbacks
):
    job = upload(officer, "gias", gias_rows(good_row()), "gias.csv")
    assert (job.status, job.new_rows) == (Status.DRY_RUN_OK, 1)
    # Someone adds the same URN before the officer confirms.
    made = make_school(make_authority(la_code="991"), urn=990101, name="Added meanwhile")
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm(actor=officer, job=job)
    job.refresh_from_db()
    assert job.status == Status.SUCCEEDED
    assert (job.new_rows, job.updated_rows) == (0, 1)
    assert list(School.objects.values_list("id", "name")) == [(made.id, "Alder Primary")]


def test_a_urn_the_database_refuses_leaves_no_school_and_no_authority(
    officer, django_capture_on_commit_callbacks, monkeypatch
):
    """Another session adds URN 990102 after the import loaded the existing schools (and so
    planned to insert it): the unique URN refuses the insert, and the new authority and the
    other school, written in the same transaction, go too. (The stand-in for the other
    session shares this connection, so its school is rolled back as well.)"""
    content = gias_rows(good_row(), good_row(urn="990102", LA="981", **{"LA name": "Westmere"}))
    job = upload(officer, "gias", content, "gias.csv")
    assert job.status == Status.DRY_RUN_OK
    elsewhere = make_authority(la_code="970")
    real_load = engine._load_existing

    def load_then_someone_else_inserts(*args, **kwargs):
        found = real_load(*args, **kwargs)
        make_school(elsewhere, urn=990102, name="Added meanwhile")
        return found

    monkeypatch.setattr(engine, "_load_existing", load_then_someone_else_inserts)
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm(actor=officer, job=job)
    job.refresh_from_db()
    assert job.status == Status.FAILED
    assert "The database refused the rows" in job.error_summary
    assert not School.objects.filter(urn=990101).exists()
    assert list(Authority.objects.values_list("la_code", flat=True)) == ["970"]
