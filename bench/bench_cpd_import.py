"""Benchmark: the CPD imports (issue 11) through the pipeline against a plain bulk_create.

    .venv/bin/python bench/bench_cpd_import.py [--file staff|enrolments|both] [--repeat N]
    DATABASE_URL=postgres://... .venv/bin/python bench/bench_cpd_import.py   # a throwaway test_<db>

Two files, each measured as bench/bench_import.py measures the pupil census (its harness:
each measurement in a fresh child process so its peak resident memory is its own):

- **staff** (``cpd-staff``): 21,000 rows from the seven employers of a combined authority's
  training (six councils and the combined authority), 3,000 each, every employer numbering its
  own staff from 1 (so each number appears at all seven). The employers already hold last
  month's export (numbers 1 to 2,000, four departments each); this month's file updates 1 in 5
  of those (a new e-mail address and department), marks 1 in 20 as leavers (a Leaving date),
  leaves the rest as they are, and adds 7,000 new people (numbers 2,001 to 3,000, some in a
  fifth department that the import adds). UTF-8 CSV, as an HR system exports it.
- **enrolments** (``cpd-enrolments``): 60,000 rows, two councils of 30,000 staff each (numbered
  from 1 at each), one phase, Halton with 30,000 places and Wirral 1,000 short; the file
  alternates the councils row by row, as a Windows-1252 CSV (the programme's title has an en
  dash), like tests/cpd/test_bulk_imports.py.

(a) pipeline: upload + dry run (in the background, Celery eager) + confirm + the import; the
    staff pipeline starts from last month's records;
(b) bulk_create: parse the same CSV, look up what the rows name, one bulk_create of the same
    rows in a transaction (the staff rows into employers with no staff records; the
    enrolments with their status by the places: enrolled, then waiting).
Targets (issue 11): pipeline <= 3x bulk_create time, peak memory < 500 MB.
"""

import argparse
import csv
import datetime
import functools
import io
import json
import os

from bench_import import (
    best_of,
    comparison,
    django_setup,
    measured,
    pipeline_journey,
    prepare_database,
)

ROWS = 60_000
TITLE = "Race equality training 2026–2029"
COUNCILS = ("Halton Council", "Wirral Council")
SHORT = 1000  # Wirral's places short of its staff: its last 1,000 rows wait

EMPLOYERS = (
    "Knowsley Council",
    "Liverpool City Council",
    "St Helens Council",
    "Sefton Council",
    "Wirral Borough Council",
    "Halton Borough Council",
    "The Combined Authority",
)
STAFF_EACH = 3000
STAFF_BEFORE = 2000  # numbers 1..2000 at each employer are in last month's export
DEPARTMENTS = ("Adults' services", "Children's services", "Finance", "Place")
NEW_DEPARTMENT = "Digital"  # named by the new rows of this month's file; the import adds it
STAFF_COLUMNS = [
    "Organisation",
    "Employee number",
    "Name",
    "Work email",
    "Manager",
    "Start date",
    "Leaving date",
    "Department",
]
LEFT_ON = datetime.date(2026, 10, 31)


def enrolment_csv() -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["Organisation", "Employee number", "Programme", "Phase"])
    for i in range(ROWS):
        writer.writerow([COUNCILS[i % 2], str(i // 2 + 1), TITLE, "Phase 1"])
    return buffer.getvalue().encode("cp1252")


def _person(e: int, n: int, *, this_month: bool) -> dict:
    """Employer ``e``'s member of staff number ``n``, in last month's or this month's export."""
    slug = EMPLOYERS[e].split()[0].lower()
    person = {
        "name": f"Person {n} of {EMPLOYERS[e]}",
        "email": f"staff{n}@{slug}.example.org",
        "manager": n % 10 == 0,
        "started_on": datetime.date(2005 + n % 20, 1 + n % 12, 1),
        "left_on": None,
        "department": DEPARTMENTS[n % len(DEPARTMENTS)],
    }
    if not this_month:
        return person
    if n > STAFF_BEFORE and n % 3 == 0:
        person["department"] = NEW_DEPARTMENT
    elif n <= STAFF_BEFORE and n % 5 == 0:  # an update: moved department, new address
        person["email"] = f"person{n}.moved@{slug}.example.org"
        person["department"] = DEPARTMENTS[(n + 1) % len(DEPARTMENTS)]
    elif n <= STAFF_BEFORE and n % 20 == 1:  # a leaver
        person["left_on"] = LEFT_ON
    return person


def staff_csv() -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(STAFF_COLUMNS)
    for n in range(1, STAFF_EACH + 1):
        for e, employer in enumerate(EMPLOYERS):
            p = _person(e, n, this_month=True)
            writer.writerow(
                [
                    employer,
                    str(n),
                    p["name"],
                    p["email"],
                    "Yes" if p["manager"] else "No",
                    f"{p['started_on']:%d/%m/%Y}",
                    f"{p['left_on']:%d/%m/%Y}" if p["left_on"] else "",
                    p["department"],
                ]
            )
    return buffer.getvalue().encode("utf-8")


def expected_staff() -> dict:
    """What the staff file should do: new, updated, unchanged (leavers are updates)."""
    counts = {"new": 0, "updated": 0, "unchanged": 0, "leavers": 0}
    for n in range(1, STAFF_EACH + 1):
        for e in range(len(EMPLOYERS)):
            now = _person(e, n, this_month=True)
            counts["leavers"] += now["left_on"] is not None
            if n > STAFF_BEFORE:
                counts["new"] += 1
            elif now == _person(e, n, this_month=False):
                counts["unchanged"] += 1
            else:
                counts["updated"] += 1
    return counts


def make_staff():
    """Once, before the children: the enrolment file's programme, phase, places and staff,
    and the staff file's seven employers with their four departments."""
    django_setup()
    from django.utils import timezone

    from cpd.models import Allocation, Department, Learner, Organisation, Phase, Programme

    today = timezone.localdate()
    programme = Programme.objects.create(
        title=TITLE,
        slug="bench-race-equality",
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=1000),
    )
    phase = Phase.objects.create(
        programme=programme,
        name="Phase 1",
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=300),
    )
    half = ROWS // 2
    for name, places in zip(COUNCILS, (half, half - SHORT), strict=True):
        org = Organisation.objects.create(name=name, kind="council")
        Allocation.objects.create(phase=phase, organisation=org, places=places)
        Learner.objects.bulk_create(
            [
                Learner(organisation=org, employee_number=str(n), name=f"Person {n}")
                for n in range(1, half + 1)
            ],
            batch_size=2000,
        )
    for name in EMPLOYERS:
        kind = "combined_authority" if "Combined" in name else "council"
        org = Organisation.objects.create(name=name, kind=kind)
        Department.objects.bulk_create([Department(organisation=org, name=d) for d in DEPARTMENTS])


def _reset_staff(*, last_month: bool) -> None:
    """The seven employers with no staff records and their four departments (not timed), or
    with last month's export already imported."""
    from cpd.models import Department, Learner, Organisation

    employers = list(Organisation.objects.filter(name__in=EMPLOYERS).order_by("name"))
    Learner.objects.filter(organisation__in=employers).delete()
    Department.objects.filter(organisation__in=employers, name=NEW_DEPARTMENT).delete()
    if not last_month:
        return
    departments = {
        (d.organisation_id, d.name): d.pk
        for d in Department.objects.filter(organisation__in=employers)
    }
    by_name = {o.name: o for o in employers}
    rows = []
    for e, employer in enumerate(EMPLOYERS):
        org = by_name[employer]
        for n in range(1, STAFF_BEFORE + 1):
            p = _person(e, n, this_month=False)
            rows.append(
                Learner(
                    organisation=org,
                    employee_number=str(n),
                    name=p["name"],
                    work_email=p["email"],
                    is_manager=p["manager"],
                    started_on=p["started_on"],
                    department_id=departments[(org.pk, p["department"])],
                )
            )
    Learner.objects.bulk_create(rows, batch_size=2000)


def staff_child(scenario: str) -> dict:
    django_setup()
    from django.db import transaction

    from cpd.models import Department, Learner, Organisation

    _reset_staff(last_month=scenario == "pipeline")
    content = staff_csv()

    @functools.cache
    def day(text):
        if not text:
            return None
        d, m, y = text.split("/")
        return datetime.date(int(y), int(m), int(d))

    def bulk_create(figures):
        organisations = dict(
            Organisation.objects.filter(name__in=EMPLOYERS).values_list("name", "pk")
        )
        departments = {
            (org, name): pk
            for pk, org, name in Department.objects.filter(
                organisation__in=organisations.values()
            ).values_list("pk", "organisation_id", "name")
        }
        reader = csv.reader(io.StringIO(content.decode("utf-8")))
        next(reader)
        rows = []
        missing = {}
        for org_name, number, name, email, manager, started, left, department in reader:
            org = organisations[org_name]
            key = (org, department)
            if key not in departments and key not in missing:
                missing[key] = Department(organisation_id=org, name=department)
            rows.append(
                (
                    key,
                    Learner(
                        organisation_id=org,
                        employee_number=number,
                        name=name,
                        work_email=email,
                        is_manager=manager == "Yes",
                        started_on=day(started),
                        left_on=day(left),
                    ),
                )
            )
        with transaction.atomic():
            Department.objects.bulk_create(missing.values())
            departments.update({k: d.pk for k, d in missing.items()})
            for key, learner in rows:
                learner.department_id = departments[key]
            Learner.objects.bulk_create([learner for _key, learner in rows], batch_size=2000)

    def pipeline(figures):
        job = pipeline_journey(
            figures, importer_name="cpd-staff", filename="staff.csv", content=content
        )
        figures.update(new=job.new_rows, updated=job.updated_rows, unchanged=job.unchanged_rows)

    figures = measured(scenario, pipeline if scenario == "pipeline" else bulk_create)
    employers = Organisation.objects.filter(name__in=EMPLOYERS)
    staff = Learner.objects.filter(organisation__in=employers)
    figures["rows"] = staff.count()
    figures["leavers"] = staff.filter(left_on__isnull=False).count()
    return figures


def enrolment_child(scenario: str) -> dict:
    django_setup()
    from django.db import transaction

    from cpd.models import Allocation, Enrolment, EnrolmentStatus, Learner, Phase, Programme

    Enrolment.objects.all().delete()
    content = enrolment_csv()

    def bulk_create(figures):
        learners = {
            (org, number): (pk, org_id)
            for pk, org_id, org, number in Learner.objects.filter(
                organisation__name__in=COUNCILS
            ).values_list("pk", "organisation_id", "organisation__name", "employee_number")
        }
        programmes = dict(Programme.objects.values_list("title", "pk"))
        phases = {
            (p, n): pk for pk, p, n in Phase.objects.values_list("pk", "programme_id", "name")
        }
        places = {
            (phase, org): n
            for phase, org, n in Allocation.objects.values_list(
                "phase_id", "organisation_id", "places"
            )
        }
        taken: dict[tuple[int, int], int] = {}
        reader = csv.reader(io.StringIO(content.decode("cp1252")))
        next(reader)
        rows = []
        for org, number, title, phase_name in reader:
            learner_id, org_id = learners[(org, number)]
            programme_id = programmes[title]
            phase_id = phases[(programme_id, phase_name)]
            key = (phase_id, org_id)
            taken[key] = taken.get(key, 0) + 1
            status = (
                EnrolmentStatus.ENROLLED if taken[key] <= places[key] else EnrolmentStatus.WAITING
            )
            rows.append(
                Enrolment(
                    learner_id=learner_id,
                    programme_id=programme_id,
                    phase_id=phase_id,
                    organisation_id=org_id,
                    status=status,
                )
            )
        with transaction.atomic():
            Enrolment.objects.bulk_create(rows, batch_size=2000)

    def pipeline(figures):
        pipeline_journey(
            figures, importer_name="cpd-enrolments", filename="enrolments.csv", content=content
        )

    figures = measured(scenario, pipeline if scenario == "pipeline" else bulk_create)
    figures["rows"] = Enrolment.objects.count()
    figures["waiting"] = Enrolment.objects.filter(status=EnrolmentStatus.WAITING).count()
    return figures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", choices=["pipeline", "bulk_create"])
    parser.add_argument("--file", choices=["staff", "enrolments", "both"], default="both")
    parser.add_argument("--make-staff", action="store_true")
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs of each")
    args = parser.parse_args()
    if args.make_staff:
        make_staff()
        return
    if args.child:
        work = staff_child if args.file == "staff" else enrolment_child
        print(json.dumps(work(args.child)))
        return
    files = ["staff", "enrolments"] if args.file == "both" else [args.file]
    load = os.getloadavg()
    env, cleanup, kind = prepare_database(__file__, "--make-staff")
    results = {}
    try:
        for name in files:
            results[name] = best_of(__file__, env, args.repeat, "--file", name)
    finally:
        cleanup()
    end_load = os.getloadavg()
    lines = []
    if "staff" in results:
        pipeline, bulk = results["staff"]
        expected = expected_staff()
        assert pipeline["rows"] == bulk["rows"] == len(EMPLOYERS) * STAFF_EACH
        assert pipeline["leavers"] == bulk["leavers"] == expected["leavers"]
        assert (pipeline["new"], pipeline["updated"], pipeline["unchanged"]) == (
            expected["new"],
            expected["updated"],
            expected["unchanged"],
        ), (pipeline, expected)
        print(
            f"CPD staff import, {pipeline['rows']:,} rows (7 employers x {STAFF_EACH:,}; "
            f"{expected['new']:,} new, {expected['updated']:,} updated of which "
            f"{expected['leavers']:,} leavers, {expected['unchanged']:,} unchanged), {kind}"
        )
        lines.append(
            comparison(
                "import_cpd_staff",
                kind,
                pipeline["rows"],
                pipeline,
                bulk,
                new=pipeline["new"],
                updated=pipeline["updated"],
                unchanged=pipeline["unchanged"],
                leavers=pipeline["leavers"],
            )
        )
    if "enrolments" in results:
        pipeline, bulk = results["enrolments"]
        assert pipeline["rows"] == bulk["rows"] == ROWS and pipeline["waiting"] == bulk["waiting"]
        print(f"CPD enrolment import, {ROWS:,} rows (2 councils, Windows-1252 CSV), {kind}")
        lines.append(
            comparison(
                "import_cpd_enrolments", kind, ROWS, pipeline, bulk, waiting=pipeline["waiting"]
            )
        )
    print(f"  load average at the start {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"  load average at the end   {end_load[0]:.2f} {end_load[1]:.2f} {end_load[2]:.2f}")
    for figures in lines:
        figures["load_average"] = [round(x, 2) for x in load]
        figures["load_average_end"] = [round(x, 2) for x in end_load]
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
