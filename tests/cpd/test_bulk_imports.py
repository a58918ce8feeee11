"""Enrolments and e-learning completions through the import pipeline: every bad row named,
nothing written until the file is clean; places taken in file order with the rest waiting;
60,000-row files checked in the background: a Windows-1252 CSV of enrolments imported, an
XLSX of completions written by openpyxl with two bad rows named. (About a minute each on a
busy 2-core machine; the small tests cover the rest.)"""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import Workbook

from cpd.models import (
    Completion,
    CompletionSource,
    Enrolment,
    EnrolmentStatus,
    Learner,
    ModuleKind,
    Programme,
)
from schools_platform.imports import services
from schools_platform.imports.models import ImportJob
from tests.imports.helpers import csv_bytes, upload, xlsx_bytes

from .conftest import make_learner

pytestmark = pytest.mark.django_db
Status = ImportJob.Status
ENROLMENT_HEADER = ["Organisation", "Employee number", "Programme", "Phase"]
COMPLETION_HEADER = ["Organisation", "Employee number", "Programme", "Module", "Completed on"]
# An en dash, as programme titles are written: byte 0x96 in a Windows-1252 file.
TITLE = "Race equality training 2026–2029"
BIG = 60_000


def errors_by_row(job) -> dict[int, str]:
    found: dict[int, str] = {}
    for error in job.row_errors:
        found[error["row"]] = (found.get(error["row"], "") + f" {error['column']}: ").lstrip()
        found[error["row"]] += error["message"]
    return found


def run(actor, importer, content, capture, filename="file.csv"):
    with capture(execute=True):
        job = upload(actor, importer, content, filename)
    job.refresh_from_db()
    assert job.status == Status.DRY_RUN_OK, job.row_errors[:5] or job.error_summary
    with capture(execute=True):
        services.confirm(actor=actor, job=job)
    job.refresh_from_db()
    assert job.status == Status.SUCCEEDED, job.error_summary
    return job


@pytest.fixture
def titled(programme):
    Programme.objects.filter(pk=programme.pk).update(title=TITLE)
    programme.refresh_from_db()
    return programme


# --- enrolments -----------------------------------------------------------------------------


def test_enrolment_file_with_bad_rows_names_each_and_writes_nothing(
    lead, titled, phase, places, halton, wirral
):
    make_learner(halton, 1)
    make_learner(halton, 2, left_on=timezone.localdate() - datetime.timedelta(days=1))
    make_learner(wirral, 1)
    content = csv_bytes(
        [
            ENROLMENT_HEADER,
            ["Halton Council", "1", TITLE, "Phase 1"],  # row 2: good
            ["Halton Council", "99", TITLE, "Phase 1"],  # row 3: no such person
            ["Halton Council", "2", TITLE, "Phase 1"],  # row 4: a leaver
            ["Wirral Council", "1", TITLE, "Phase 9"],  # row 5: no such phase
            ["Wirral Council", "1", "Cookery", "Phase 1"],  # row 6: no such programme
        ],
        encoding="cp1252",
    )
    job = upload(lead, "cpd-enrolments", content)
    assert job.status == Status.DRY_RUN_FAILED
    errors = errors_by_row(job)
    assert set(errors) == {3, 4, 5, 6}
    assert "Halton Council has no member of staff with employee number '99'" in errors[3]
    assert "left on" in errors[4]
    assert "has no phase called 'Phase 9'" in errors[5]
    assert "No programme is called 'Cookery'" in errors[6]
    assert not Enrolment.objects.exists()


def test_enrolment_file_takes_places_in_order_then_waits(
    lead, titled, phase, places, halton, django_capture_on_commit_callbacks
):
    people = [make_learner(halton, n) for n in range(1, 5)]  # Halton has 2 places
    rows = [ENROLMENT_HEADER] + [
        ["Halton Council", p.employee_number, TITLE, "Phase 1"] for p in people
    ]
    job = run(
        lead, "cpd-enrolments", xlsx_bytes(rows), django_capture_on_commit_callbacks, "e.xlsx"
    )
    assert job.new_rows == 4
    statuses = list(
        Enrolment.objects.order_by("pk").values_list("learner__employee_number", "status")
    )
    assert statuses == [
        ("1", EnrolmentStatus.ENROLLED),
        ("2", EnrolmentStatus.ENROLLED),
        ("3", EnrolmentStatus.WAITING),
        ("4", EnrolmentStatus.WAITING),
    ]
    # The same file again changes nothing: they are enrolled or waiting already.
    again = run(
        lead, "cpd-enrolments", xlsx_bytes(rows), django_capture_on_commit_callbacks, "e.xlsx"
    )
    assert (again.new_rows, again.unchanged_rows) == (0, 4)


def test_an_enrolment_in_another_phase_is_refused(lead, titled, phase, places, halton, amina):
    from cpd import services as cpd_services
    from cpd.models import Phase

    cpd_services.enrol(actor=lead, learner=amina, phase=phase)
    later = Phase.objects.create(
        programme=titled,
        name="Phase 2",
        starts_on=phase.ends_on + datetime.timedelta(days=1),
        ends_on=phase.ends_on + datetime.timedelta(days=90),
    )
    job = upload(
        lead,
        "cpd-enrolments",
        csv_bytes([ENROLMENT_HEADER, ["Halton Council", "1001", TITLE, later.name]]),
    )
    assert job.status == Status.DRY_RUN_FAILED
    assert "already enrolled on this programme in another phase" in errors_by_row(job)[2]


# --- e-learning completions -----------------------------------------------------------------


def test_completion_file_with_bad_rows(lead, titled, halton, modules):
    make_learner(halton, 1)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    content = csv_bytes(
        [
            COMPLETION_HEADER,
            ["Halton Council", "1", TITLE, "E-learning", "01/04/2026"],  # row 2: good
            ["Halton Council", "1", TITLE, "Face-to-face session", "01/04/2026"],  # row 3
            ["Halton Council", "7", TITLE, "E-learning", "01/04/2026"],  # row 4
            ["Halton Council", "1", TITLE, "E-learning", tomorrow],  # row 5 (and a repeat)
            ["Halton Council", "1", TITLE, "E-learning", "31/02/2026"],  # row 6: no such date
        ],
        encoding="cp1252",
    )
    job = upload(lead, "cpd-e-learning", content)
    assert job.status == Status.DRY_RUN_FAILED
    errors = errors_by_row(job)
    assert "its completions come from the session's register" in errors[3]
    assert "no member of staff with employee number '7'" in errors[4]
    assert "The same record appears on rows 2, 5, 6" in errors[5]
    assert "is not a date" in errors[6]
    assert not Completion.objects.exists()


def test_completion_reexport_updates_the_date(
    lead, titled, halton, modules, django_capture_on_commit_callbacks
):
    make_learner(halton, 1)
    row = ["Halton Council", "1", TITLE, "E-learning"]
    run(
        lead,
        "cpd-e-learning",
        csv_bytes([COMPLETION_HEADER, [*row, "01/04/2026"]]),
        django_capture_on_commit_callbacks,
    )
    completion = Completion.objects.get()
    assert completion.source == CompletionSource.E_LEARNING
    assert len(completion.verification_code) == 12
    job = run(
        lead,
        "cpd-e-learning",
        csv_bytes([COMPLETION_HEADER, [*row, "2026-03-02"]]),
        django_capture_on_commit_callbacks,
    )
    assert job.updated_rows == 1
    completion.refresh_from_db()
    assert completion.completed_on == datetime.date(2026, 3, 2)
    assert completion.module == modules[ModuleKind.E_LEARNING]


def test_only_the_programme_lead_imports_enrolments(halton_coordinator):
    from django.core.exceptions import PermissionDenied

    for importer in ("cpd-enrolments", "cpd-e-learning"):
        with pytest.raises(PermissionDenied):
            upload(halton_coordinator, importer, csv_bytes([ENROLMENT_HEADER]))


# --- 60,000 rows ----------------------------------------------------------------------------


@pytest.fixture
def staff(halton, wirral):
    """60,000 staff records, half at each council, numbered from 1 at each."""
    Learner.objects.bulk_create(
        [
            Learner(organisation=org, employee_number=str(n), name=f"Person {n}")
            for org in (halton, wirral)
            for n in range(1, BIG // 2 + 1)
        ],
        batch_size=2000,
    )


def big_rows(tail):
    """Alternating councils, so each council's rows run through the whole file."""
    return [
        [("Halton Council", "Wirral Council")[i % 2], str(i // 2 + 1), TITLE, *tail]
        for i in range(BIG)
    ]


def test_sixty_thousand_enrolments_windows_1252_csv(
    lead, titled, phase, halton, wirral, staff, django_capture_on_commit_callbacks
):
    from cpd.models import Allocation

    Allocation.objects.create(phase=phase, organisation=halton, places=BIG // 2)
    Allocation.objects.create(phase=phase, organisation=wirral, places=BIG // 2 - 1000)
    content = csv_bytes([ENROLMENT_HEADER, *big_rows(["Phase 1"])], encoding="cp1252")
    assert b"2026\x962029" in content  # really Windows-1252
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = upload(lead, "cpd-enrolments", content, "enrolments.csv")
    assert job.status == Status.CHECKING and callbacks  # a background job, not the request
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert job.status == Status.DRY_RUN_OK, job.row_errors[:5]
    assert (job.total_rows, job.new_rows) == (BIG, BIG)
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm(actor=lead, job=job)
    job.refresh_from_db()
    assert job.status == Status.SUCCEEDED, job.error_summary
    assert Enrolment.objects.filter(status=EnrolmentStatus.ENROLLED).count() == BIG - 1000
    waiting = Enrolment.objects.filter(status=EnrolmentStatus.WAITING)
    assert waiting.count() == 1000
    # Wirral's last 1,000 rows in the file are the ones waiting.
    numbers = sorted(int(n) for n in waiting.values_list("learner__employee_number", flat=True))
    assert numbers == list(range(BIG // 2 - 999, BIG // 2 + 1))
    assert not waiting.exclude(organisation=wirral).exists()


def test_sixty_thousand_completions_xlsx_bad_rows_named(
    lead, titled, halton, wirral, staff, modules, django_capture_on_commit_callbacks
):
    rows = big_rows(["E-learning", datetime.date(2026, 4, 1)])
    rows[29_999][1] = "999999"  # row 30,001: nobody has this number
    rows[-1][4] = "not a date"  # row 60,001
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in [COMPLETION_HEADER, *rows]:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    with django_capture_on_commit_callbacks(execute=True):
        job = upload(lead, "cpd-e-learning", buffer.getvalue(), "completions.xlsx")
    job.refresh_from_db()
    assert job.status == Status.DRY_RUN_FAILED
    assert job.total_rows == BIG and job.invalid_rows == 2
    errors = errors_by_row(job)
    assert set(errors) == {30_001, 60_001}
    assert "employee number '999999'" in errors[30_001]
    assert "'not a date' is not a date" in errors[60_001]
    assert not Completion.objects.exists()
